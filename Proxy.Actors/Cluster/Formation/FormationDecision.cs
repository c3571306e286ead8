using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>What <see cref="FormationPolicy"/> tells a forming node to do.</summary>
public abstract record FormationDecision
{
    private FormationDecision()
    {
    }

    /// <summary>Not yet: the reason is what /ready shows; the log writes it when its kind (or a lookup's error) changes.</summary>
    public sealed record Wait(FormationWait Kind, string Reason) : FormationDecision;

    /// <summary>A contact point belongs to a cluster: join it through these members (Akka addresses).</summary>
    public sealed record JoinExisting(ImmutableArray<string> Seeds) : FormationDecision;

    /// <summary>No cluster exists, the contact points are stable and this node is the lowest: it forms the cluster.</summary>
    public sealed record FormSelf(ImmutableSortedSet<ContactPoint> ContactPoints) : FormationDecision;
}
