using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// The answer to a <see cref="FormationProbe"/>: who answers (its Akka address), and the Akka addresses of
/// its cluster's Up members when it is an Up member itself, none while it has not joined. <see cref="Forming"/>
/// says that the responder, not yet Up, has joined itself (it is forming the cluster) or is a Joining member:
/// a cluster is on its way there, and the asking node must join it, never form another beside it.
/// </summary>
public sealed record FormationProbeResult(string Responder, ImmutableArray<string> Members, bool Forming = false) : IClusterMessage
{
    public bool IsMember => !Members.IsDefaultOrEmpty;

    public bool Equals(FormationProbeResult? other) =>
        other is not null && Responder == other.Responder && Members.SequenceEqual(other.Members) && Forming == other.Forming;

    public override int GetHashCode() => HashCode.Combine(Responder, Members.Length, Forming);
}
