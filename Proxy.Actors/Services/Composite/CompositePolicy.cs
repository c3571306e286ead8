using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Services.Composite;

/// <summary>
/// Resolves a request to a service over services down to the load balancer that forwards it, and collects the
/// mirrors due a copy on the way. Pure but for the cursors' tickets; the graph it walks is one snapshot.
/// </summary>
public static class CompositePolicy
{
    /// <summary>
    /// The load balancer <paramref name="service"/> sends this request to (itself when it is one), or null when a
    /// weighted service on the way gives no child any weight. Mirrors due a copy of this request are added to
    /// <paramref name="mirrors"/> when given; a mirror is resolved to its own load balancer, its own mirrors and
    /// cookies ignored (its answer never reaches the client).
    /// </summary>
    /// <param name="cookieLines">The request's <c>Cookie</c> lines (none when empty), read by the sticky weighted services on the way.</param>
    /// <param name="setCookies">
    /// Where each sticky weighted service on the way adds the <c>Set-Cookie</c> that pins the client to the child it
    /// chose, when the client's cookie did not already name that child.
    /// </param>
    public static ServiceSnapshot? Resolve(
        ServiceSnapshot service, List<MirrorCopy>? mirrors, ReadOnlySpan<string?> cookieLines = default, List<string>? setCookies = null)
    {
        var current = service;
        while (current.Composite is { } composite)
        {
            ServiceSnapshot? next;
            switch (composite)
            {
                case WeightedSnapshot { Sticky: { } sticky } weighted:
                    next = PickStickyChild(weighted, sticky, cookieLines, setCookies);
                    break;
                case WeightedSnapshot weighted:
                    next = PickChild(weighted);
                    break;
                case FailoverSnapshot failover:
                    // The fallback only when it can do better: with both down, the main service's own pick still
                    // tries a server held out as a last resort.
                    next = IsUp(failover.Service) || !IsUp(failover.Fallback) ? failover.Service : failover.Fallback;
                    break;
                case MirroringSnapshot mirroring:
                    if (mirrors is not null)
                    {
                        Collect(mirroring, mirrors);
                    }

                    next = mirroring.Service;
                    break;
                default:
                    next = null;
                    break;
            }

            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// Whether a parent (weighted, failover) takes <paramref name="service"/> as able to serve: a load balancer when
    /// a server is up; a service over services only says it is down when it propagates health (<c>healthCheck: {}</c>),
    /// as in Traefik, and then when none of what it would send to is up.
    /// </summary>
    public static bool IsUp(ServiceSnapshot service) => service.Composite switch
    {
        null => service.IsInternal || AnyServerUp(service),
        { PropagatesHealth: false } => true,
        var composite => composite.ChildrenUp,
    };

    /// <summary>
    /// Whether the <paramref name="ticket"/>-th request offered to a mirror of <paramref name="percent"/> % gets a
    /// copy: counted, not drawn, so that over n requests exactly ⌊n·percent/100⌋ are copied, spread evenly.
    /// </summary>
    public static bool MirrorDue(int percent, long ticket) =>
        (ticket + 1) * percent / 100 > ticket * percent / 100;

    /// <summary>
    /// Smooth weighted round robin over the children that are up: the scheduled child, else the next up in the
    /// schedule. With none up, the scheduled child anyway: its own pick may still find a last-resort server.
    /// </summary>
    private static ServiceSnapshot? PickChild(WeightedSnapshot weighted)
    {
        var schedule = weighted.Schedule;
        if (schedule.IsDefaultOrEmpty)
        {
            return null;
        }

        var start = (int)(weighted.Cursor.NextTicket() % schedule.Length);
        for (var offset = 0; offset < schedule.Length; offset++)
        {
            var child = weighted.Children[schedule[(start + offset) % schedule.Length]];
            if (IsUp(child))
            {
                return child;
            }
        }

        return weighted.Children[schedule[start]];
    }

    /// <summary>
    /// The child the client's cookie names while it is up (by <see cref="IsUp"/>, so a nested service that does not
    /// propagate its health keeps its clients, as it keeps its share); else the weights choose, and the client is
    /// pinned to their choice. A cookie naming no child of this service chooses nothing.
    /// </summary>
    private static ServiceSnapshot? PickStickyChild(
        WeightedSnapshot weighted, StickyChildren sticky, ReadOnlySpan<string?> cookieLines, List<string>? setCookies)
    {
        var named = sticky.Named(cookieLines);
        if (named is not null && IsUp(named))
        {
            return named;
        }

        var picked = PickChild(weighted);
        if (picked is not null && !ReferenceEquals(picked, named))
        {
            setCookies?.Add(sticky.SetCookieFor(picked));
        }

        return picked;
    }

    private static void Collect(MirroringSnapshot mirroring, List<MirrorCopy> mirrors)
    {
        foreach (var mirror in mirroring.Mirrors)
        {
            if (MirrorDue(mirror.Percent, mirror.Counter.NextTicket()) && Resolve(mirror.Service, null) is { } leaf)
            {
                mirrors.Add(new MirrorCopy(mirror.Service.Name, leaf, mirroring.MaxBodySize, mirroring.MirrorBody));
            }
        }
    }

    private static bool AnyServerUp(ServiceSnapshot service)
    {
        foreach (var server in service.Servers)
        {
            if (server.IsAvailable)
            {
                return true;
            }
        }

        return false;
    }
}
