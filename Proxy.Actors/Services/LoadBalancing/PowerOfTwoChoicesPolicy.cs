using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Power of two random choices: two different servers drawn at random, the one with fewer requests in flight
/// (<see cref="ServerCounters.InFlight"/>) wins. It steers away from a slow or stuck server without the herd a
/// global least-busy choice makes, and costs two counter reads.
/// </summary>
public static class PowerOfTwoChoicesPolicy
{
    /// <param name="draw">64 random bits: the low half draws the first server, the high half the second.</param>
    public static ServerSnapshot? Pick(ServiceSnapshot service, ulong draw, IReadOnlyCollection<string>? exclude = null) =>
        Pick(service, draw, exclude, lastResort: false) ?? Pick(service, draw, exclude, lastResort: true);

    private static ServerSnapshot? Pick(ServiceSnapshot service, ulong draw, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        var count = Candidates.Count(service, exclude, lastResort);
        if (count == 0)
        {
            return null;
        }

        var firstIndex = (int)((uint)draw % (uint)count);
        var first = Nth(service, exclude, lastResort, firstIndex);
        if (count == 1)
        {
            return first;
        }

        // Drawn among the others, so the two are always different servers.
        var secondIndex = (int)((uint)(draw >> 32) % (uint)(count - 1));
        var second = Nth(service, exclude, lastResort, secondIndex >= firstIndex ? secondIndex + 1 : secondIndex);
        return second.Counters.InFlight < first.Counters.InFlight ? second : first;
    }

    private static ServerSnapshot Nth(ServiceSnapshot service, IReadOnlyCollection<string>? exclude, bool lastResort, int n)
    {
        foreach (var server in service.Servers)
        {
            if (Candidates.Qualifies(server, exclude, lastResort) && n-- == 0)
            {
                return server;
            }
        }

        throw new InvalidOperationException("fewer candidates than counted");
    }
}
