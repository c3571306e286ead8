using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Least time, as Traefik defines it: each server scores its average time to first byte
/// (<see cref="ServerCounters.ResponseTime"/>) times one plus its requests in flight, divided by its weight; the
/// lowest score wins. Servers that tie (all of them before their first response) share the requests by their weights.
/// A server's average moves only when it answers, so one slow sample (a cold first request, a GC pause) would keep it
/// out until every other average rose above it: a server with an average that was not chosen for
/// <see cref="ProbeAfter"/> takes a request the score gives to another server, a probe whose answer replaces that
/// stale average. A service probes at most once in <see cref="ProbeAfter"/> and once in <see cref="RequestsPerProbe"/>
/// of its requests: the spacing is time at any rate above one request in <see cref="ProbeAfter"/>, so a recovered
/// server comes back as soon at one request a second as at a thousand; below that rate every server is overdue at
/// every pick, and the request count keeps a slow server to one request in <see cref="RequestsPerProbe"/>.
/// None while every server keeps being chosen.
/// </summary>
public static class LeastTimePolicy
{
    /// <summary>
    /// How long a server with an average may go unchosen before it is probed. Traefik's passive health check holds a
    /// failing server out for a cooldown that defaults to its 10 s failure window; a server held out by one bad
    /// average comes back after as long, and a server that is really slow pays its clients at most one slow request
    /// in that time.
    /// </summary>
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The fewest requests of a service from one probe to the next. It matters only below one request in
    /// <see cref="ProbeAfter"/>, where time alone would send every other request to a server that stays slow.
    /// </summary>
    public const int RequestsPerProbe = 4;

    public static double Score(ServerSnapshot server) =>
        (double)server.Counters.ResponseTime.Ticks * (1 + server.Counters.InFlight) / server.Weight;

    /// <param name="ticket">The load balancer's ticket, which chooses among servers that tie.</param>
    /// <param name="time">The clock that says how long a server has gone unchosen.</param>
    public static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, TimeProvider time, IReadOnlyCollection<string>? exclude = null)
    {
        var now = time.GetTimestamp();
        var server = Pick(service, ticket, exclude, lastResort: false)
            ?? Pick(service, ticket, exclude, lastResort: true);
        if (server is null)
        {
            return null;
        }

        // The server the score chooses answers anyway: only another one is probed, and only when the service may.
        if (Overdue(service, server, now, time, exclude) is { } probe && service.Cursor.TryProbe(ticket, now, time, ProbeAfter, RequestsPerProbe))
        {
            probe.Counters.Probed(now);
            return probe;
        }

        server.Counters.Picked(now);
        return server;
    }

    /// <summary>
    /// The available server other than <paramref name="chosen"/> with an average chosen longest ago, if that was
    /// <see cref="ProbeAfter"/> or more ago.
    /// </summary>
    private static ServerSnapshot? Overdue(ServiceSnapshot service, ServerSnapshot chosen, long now, TimeProvider time, IReadOnlyCollection<string>? exclude)
    {
        ServerSnapshot? oldest = null;
        foreach (var server in service.Servers)
        {
            // A server without an average scores 0 and is tried by the ordinary pick.
            if (ReferenceEquals(server, chosen) || !Candidates.Qualifies(server, exclude, lastResort: false) || server.Counters.ResponseTime == TimeSpan.Zero)
            {
                continue;
            }

            // One with an average that leasttime never chose (its answers went to sticky clients) is timed from now.
            if (server.Counters.PickedAt == 0)
            {
                server.Counters.Seen(now);
            }
            else if (oldest is null || server.Counters.PickedAt < oldest.Counters.PickedAt)
            {
                oldest = server;
            }
        }

        return oldest is not null && time.GetElapsedTime(oldest.Counters.PickedAt, now) >= ProbeAfter ? oldest : null;
    }

    private static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        ServerSnapshot? best = null;
        var bestScore = double.PositiveInfinity;
        long tiedWeight = 0;
        foreach (var server in service.Servers)
        {
            if (!Candidates.Qualifies(server, exclude, lastResort))
            {
                continue;
            }

            var score = Score(server);
            if (score < bestScore)
            {
                (best, bestScore, tiedWeight) = (server, score, server.Weight);
            }
            else if (score == bestScore)
            {
                tiedWeight += server.Weight;
            }
        }

        if (best is null || tiedWeight == best.Weight)
        {
            return best;
        }

        // Servers that tie take consecutive tickets in proportion to their weights. Scores are read again, and a
        // count that moved meanwhile at worst leaves the first best server.
        var remaining = ticket % tiedWeight;
        foreach (var server in service.Servers)
        {
            if (Candidates.Qualifies(server, exclude, lastResort) && Score(server) <= bestScore)
            {
                if (remaining < server.Weight)
                {
                    return server;
                }

                remaining -= server.Weight;
            }
        }

        return best;
    }
}
