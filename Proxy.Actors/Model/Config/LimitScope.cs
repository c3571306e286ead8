namespace Proxy.Actors.Model.Config;

/// <summary>
/// Where a <c>rateLimit</c> or <c>inFlightReq</c> holds: on each node (Traefik's meaning), or for the sum
/// over every node of the cluster; and what a cluster-scoped limit does while its key's owner is out of reach.
/// </summary>
public static class LimitScope
{
    public const string Node = "node";

    public const string Cluster = "cluster";

    /// <summary>Limit to this node's share (the limit over the reachable nodes) until the owner answers again.</summary>
    public const string LocalShare = "localShare";

    /// <summary>Admit every request until the owner answers again.</summary>
    public const string Open = "open";

    /// <summary>Refuse every request (429) until the owner answers again.</summary>
    public const string Closed = "closed";

    public static readonly string[] Scopes = [Node, Cluster];

    public static readonly string[] Fallbacks = [LocalShare, Open, Closed];
}
