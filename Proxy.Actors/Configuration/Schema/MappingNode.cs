using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>Keys with values, in the order written (errors come out in the order an operator reads them).</summary>
public sealed record MappingNode(ImmutableArray<KeyEntry> Entries, KeyPosition? Position) : KeyNode(Position)
{
    public override string Describe() => "a mapping";
}
