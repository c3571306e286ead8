using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// What a contact point said when it was last asked, and when: the addresses of its cluster's Up
/// members when it belongs to one, none while it has not joined.
/// </summary>
public sealed record ProbeAnswer(DateTimeOffset ObservedAt, ImmutableArray<string> Members)
{
    public bool IsMember => !Members.IsDefaultOrEmpty;
}
