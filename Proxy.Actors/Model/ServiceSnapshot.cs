using System.Collections.Immutable;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Model;

/// <summary>
/// A service as the request path sees it. <see cref="Schedule"/> is the smooth weighted
/// round-robin order of server indexes, computed once per change rather than per pick. A service over
/// services (<see cref="Composite"/> set) has no servers: the request path resolves it to a load balancer first.
/// </summary>
public sealed record ServiceSnapshot(
    string Name,
    bool IsInternal,
    ImmutableArray<ServerSnapshot> Servers,
    ImmutableArray<int> Schedule,
    bool PassHostHeader,
    LoadBalancerCursor Cursor)
{
    /// <summary>How <see cref="Services.LoadBalancing.LoadBalancingPolicy"/> picks among <see cref="Servers"/>.</summary>
    public LoadBalancingStrategy Strategy { get; init; }

    /// <summary>The sticky step before the policy's pick; null when the service has no sticky cookie, so that the pick pays one null check.</summary>
    public StickyServers? Sticky { get; init; }

    /// <summary>
    /// How long a piece of a response body may wait in the node (<c>responseForwarding.flushInterval</c>):
    /// negative sends every piece on at once.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = Config.ResponseForwardingConfig.DefaultFlushIntervalValue;

    /// <summary>Set on a weighted, mirroring or failover service; null on a load balancer, the common case the request path tests first.</summary>
    public Composite.CompositeSnapshot? Composite { get; init; }
}
