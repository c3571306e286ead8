using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// The answer to a <see cref="FormationProbe"/>: who answers (its Akka address), and the Akka addresses of
/// its cluster's Up members when it is an Up member itself, none while it has not joined.
/// </summary>
public sealed record FormationProbeResult(string Responder, ImmutableArray<string> Members) : IClusterMessage
{
    public bool IsMember => !Members.IsDefaultOrEmpty;

    public bool Equals(FormationProbeResult? other) =>
        other is not null && Responder == other.Responder && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => HashCode.Combine(Responder, Members.Length);
}
