using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// What a contact point said when it was last asked, and when: the addresses of its cluster's Up
/// members when it belongs to one, none while it has not joined; <see cref="FormingAs"/> is its own
/// Akka address while it forms the cluster or joins one (not Up yet), null otherwise.
/// </summary>
public sealed record ProbeAnswer(DateTimeOffset ObservedAt, ImmutableArray<string> Members, string? FormingAs = null)
{
    public bool IsMember => !Members.IsDefaultOrEmpty;
}
