using System.Collections.Immutable;

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
    /// <summary>Set on a weighted, mirroring or failover service; null on a load balancer, the common case the request path tests first.</summary>
    public Composite.CompositeSnapshot? Composite { get; init; }
}
