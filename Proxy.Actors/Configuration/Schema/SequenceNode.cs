using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>A list of values (YAML's sequence; labels' <c>[n]</c> indices).</summary>
public sealed record SequenceNode(ImmutableArray<KeyNode> Items, KeyPosition? Position) : KeyNode(Position)
{
    public override string Describe() => "a list";
}
