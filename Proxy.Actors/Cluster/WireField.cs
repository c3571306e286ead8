using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Cluster;

/// <summary>One field as the wire writes it. <see cref="Field"/> is null for the <see cref="WireShape.Registry"/> group.</summary>
internal sealed record WireField(string Name, WireShape Shape, IField? Field, WireLayout? Element, ImmutableArray<WireType> Types)
{
    public string Description => Shape switch
    {
        WireShape.Registry => $"{Name}:{Shape}[{string.Join(",", Types.Select(t => $"{t.Index}={t.Field.Name}{{{t.Layout.Description}}}"))}]",
        _ when Element is not null => $"{Name}:{Shape}{{{Element.Description}}}",
        _ => $"{Name}:{Shape}",
    };
}
