using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Least time, as Traefik defines it: each server scores its average time to first byte
/// (<see cref="ServerCounters.ResponseTime"/>) times one plus its requests in flight, divided by its weight; the
/// lowest score wins. Servers that tie (all of them before their first response) share the requests by their weights.
/// A server's average moves only when it answers, so one slow sample (a cold first request, a GC pause) would keep it
/// out until every other average rose above it: a server not chosen for <see cref="ProbeSpacing"/> requests per
/// candidate takes the next one, which refreshes its average. Probes take at most one request in
/// <see cref="ProbeSpacing"/>, and none while every server keeps being chosen.
/// </summary>
public static class LeastTimePolicy
{
    /// <summary>Requests per candidate server after which one not chosen meanwhile takes a request.</summary>
    public const int ProbeSpacing = 16;

    public static double Score(ServerSnapshot server) =>
        (double)server.Counters.ResponseTime.Ticks * (1 + server.Counters.InFlight) / server.Weight;

    /// <param name="ticket">The load balancer's ticket, which chooses among servers that tie.</param>
    public static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude = null)
    {
        var server = Overdue(service, ticket, exclude)
            ?? Pick(service, ticket, exclude, lastResort: false)
            ?? Pick(service, ticket, exclude, lastResort: true);
        server?.Counters.Picked(ticket);
        return server;
    }

    /// <summary>The available server chosen longest ago, if that was more than its share of probe spacing.</summary>
    private static ServerSnapshot? Overdue(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude)
    {
        ServerSnapshot? oldest = null;
        var candidates = 0;
        foreach (var server in service.Servers)
        {
            if (Candidates.Qualifies(server, exclude, lastResort: false))
            {
                candidates++;
                if (oldest is null || server.Counters.PickedAt < oldest.Counters.PickedAt)
                {
                    oldest = server;
                }
            }
        }

        return candidates > 1 && ticket - oldest!.Counters.PickedAt > (long)ProbeSpacing * candidates ? oldest : null;
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
