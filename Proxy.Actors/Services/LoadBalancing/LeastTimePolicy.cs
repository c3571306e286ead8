using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Least time, as Traefik defines it: each server scores its average time to first byte
/// (<see cref="ServerCounters.ResponseTime"/>) times one plus its requests in flight, divided by its weight; the
/// lowest score wins. Servers that tie (all of them before their first response) share by weighted round robin.
/// </summary>
public static class LeastTimePolicy
{
    public static double Score(ServerSnapshot server) =>
        (double)server.Counters.ResponseTime.Ticks * (1 + server.Counters.InFlight) / server.Weight;

    /// <param name="ticket">The round-robin ticket that chooses among servers that tie.</param>
    public static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude = null) =>
        Pick(service, ticket, exclude, lastResort: false) ?? Pick(service, ticket, exclude, lastResort: true);

    private static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        ServerSnapshot? best = null;
        var bestScore = double.PositiveInfinity;
        var ties = 0;
        foreach (var server in service.Servers)
        {
            if (!Candidates.Qualifies(server, exclude, lastResort))
            {
                continue;
            }

            var score = Score(server);
            if (score < bestScore)
            {
                (best, bestScore, ties) = (server, score, 1);
            }
            else if (score == bestScore)
            {
                ties++;
            }
        }

        if (ties <= 1 || service.Schedule.IsDefaultOrEmpty)
        {
            return best;
        }

        // The weighted round-robin schedule from the ticket's place, to the first server with the best score.
        // Scores are read again: a count may have moved since, and then the first qualified server is as good.
        var schedule = service.Schedule;
        var start = (int)(ticket % schedule.Length);
        for (var offset = 0; offset < schedule.Length; offset++)
        {
            var server = service.Servers[schedule[(start + offset) % schedule.Length]];
            if (Candidates.Qualifies(server, exclude, lastResort) && Score(server) <= bestScore)
            {
                return server;
            }
        }

        return best;
    }
}
