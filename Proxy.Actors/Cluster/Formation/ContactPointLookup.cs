using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// What one lookup of the seed's name gave: the contact points, or why there are none (the name does
/// not exist, has no A/AAAA record, the server did not answer), worded for an operator with the name
/// and the server in it.
/// </summary>
public sealed record ContactPointLookup(ImmutableSortedSet<ContactPoint> ContactPoints, string? Error)
{
    public static ContactPointLookup Found(IEnumerable<ContactPoint> contactPoints) => new([.. contactPoints], null);

    public static ContactPointLookup Failed(string error) => new([], error);
}
