namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// How a node forms its cluster through a DNS seed: its own contact point (null when its advertised host
/// is not an IP address, and so never among the records), the transport's protocol and the cluster's name
/// (which make a contact point an Akka address), and the timings.
/// </summary>
public sealed record FormationSettings(ContactPoint? Self, string Protocol, string SystemName, TimeSpan StableMargin)
{
    public static readonly TimeSpan DefaultStableMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Akka Cluster Bootstrap's default: a node that sees only itself never forms a cluster, since a second one
    /// started beside it whose DNS answered as late would form another, and two formed clusters never merge.
    /// </summary>
    public const int DefaultRequiredContactPoints = 2;

    /// <summary>How many contact points, this node's own included, must have answered before it forms a new cluster.</summary>
    public int RequiredContactPoints { get; init; } = DefaultRequiredContactPoints;

    /// <summary>How often the name is looked up and every contact point asked again while forming.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an answer is awaited: a contact point that answers later counts as silent this round.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Answers older than this are not counted (Akka's bootstrap counts 3 s too): the contact point may have joined or gone since.</summary>
    public TimeSpan AnswerValidity { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a join of other members may take while none of them answers: past it the join is given up and
    /// the node decides again from what answers now, since Akka would retry members that are gone forever.
    /// </summary>
    public TimeSpan JoinDeadline { get; init; } = TimeSpan.FromSeconds(5);
}
