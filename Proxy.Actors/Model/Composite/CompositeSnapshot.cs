using System.Collections.Immutable;

namespace Proxy.Actors.Model.Composite;

/// <summary>
/// A service over services as the request path sees it: its children's snapshots themselves (not their names),
/// so resolving a request to a load balancer reads one immutable graph, rebuilt whenever a child's health changes.
/// The graph has no cycle: the validator refuses them.
/// </summary>
public abstract record CompositeSnapshot(bool PropagatesHealth)
{
    /// <summary>
    /// Whether any of what it sends to can serve (<see cref="Services.Composite.CompositePolicy.IsUp"/> of its children),
    /// worked out once when it is built, from children built before it. A child may sit under a parent on many paths
    /// (<c>a: [b, b]</c>, <c>b: [c, c]</c>, ...): read again on every request, the walk doubled at each level.
    /// </summary>
    public abstract bool ChildrenUp { get; }

    /// <summary>
    /// Whether a weighted service with its own sticky cookie may be on a request's way down (itself or a service under
    /// it; not a mirror's, whose cookies are ignored), worked out once as <see cref="ChildrenUp"/> is: without one,
    /// the request path reads no cookie and collects no <c>Set-Cookie</c>.
    /// </summary>
    public abstract bool HasStickyOnTheWay { get; }

    protected static bool HasSticky(ServiceSnapshot service) => service.Composite?.HasStickyOnTheWay == true;
}

/// <param name="Children">The children with a weight above zero: the others take nothing.</param>
/// <param name="Schedule">The smooth weighted round-robin order of child indexes (<see cref="Services.LoadBalancing.WeightedRoundRobinPolicy.Schedule"/>).</param>
/// <param name="Cursor">Kept across snapshots by the configuration actor, so a health change does not restart the round.</param>
public sealed record WeightedSnapshot(ImmutableArray<ServiceSnapshot> Children, ImmutableArray<int> Schedule, LoadBalancerCursor Cursor, bool PropagatesHealth)
    : CompositeSnapshot(PropagatesHealth)
{
    /// <summary>The service's own sticky cookie over <see cref="Children"/>; null: each request is split by the weights.</summary>
    public Services.SessionAffinity.StickyChildren? Sticky { get; init; }

    public override bool ChildrenUp { get; } = Children.Any(Services.Composite.CompositePolicy.IsUp);

    // Sticky is set by init, after the initializers run: only the children's part is worked out here.
    private readonly bool _stickyUnder = Children.Any(HasSticky);

    public override bool HasStickyOnTheWay => Sticky is not null || _stickyUnder;
}

public sealed record FailoverSnapshot(ServiceSnapshot Service, ServiceSnapshot Fallback, bool PropagatesHealth) : CompositeSnapshot(PropagatesHealth)
{
    public override bool ChildrenUp { get; } = Services.Composite.CompositePolicy.IsUp(Service) || Services.Composite.CompositePolicy.IsUp(Fallback);

    public override bool HasStickyOnTheWay { get; } = HasSticky(Service) || HasSticky(Fallback);
}

/// <param name="Counter">Counts the requests offered to this mirror, kept across snapshots like a cursor.</param>
public sealed record MirrorSnapshot(ServiceSnapshot Service, int Percent, LoadBalancerCursor Counter);

/// <param name="MaxBodySize">-1: no limit.</param>
public sealed record MirroringSnapshot(ServiceSnapshot Service, ImmutableArray<MirrorSnapshot> Mirrors, long MaxBodySize, bool MirrorBody, bool PropagatesHealth)
    : CompositeSnapshot(PropagatesHealth)
{
    public override bool ChildrenUp { get; } = Services.Composite.CompositePolicy.IsUp(Service);

    public override bool HasStickyOnTheWay { get; } = HasSticky(Service);
}
