using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Smooth weighted round robin (nginx's algorithm) turned into a precomputed schedule, so that a
/// pick is one interlocked increment and an array walk instead of a lock and a loop over weights.
/// </summary>
public static class WeightedRoundRobinPolicy
{
    /// <summary>Schedules longer than this are scaled down; proportions stay within 1/MaxLength.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// The order of server indexes for one round: each server appears weight/gcd times, spread
    /// evenly (weights 5,1,1 give a a b a c a a, not a a a a a b c). Weight 0 never appears.
    /// </summary>
    public static ImmutableArray<int> Schedule(IReadOnlyList<int> weights)
    {
        var scaled = Reduce(weights);
        var total = scaled.Sum();
        if (total == 0)
        {
            return [];
        }

        return scaled.Length <= MaxLength ? Smooth(scaled, total) : Spread(scaled, total);
    }

    /// <summary>nginx's order: each place a pass over every weight, which is why only up to <see cref="MaxLength"/> servers take it.</summary>
    private static ImmutableArray<int> Smooth(int[] scaled, int total)
    {
        var current = new long[scaled.Length];
        var schedule = ImmutableArray.CreateBuilder<int>(total);
        for (var step = 0; step < total; step++)
        {
            var best = -1;
            for (var i = 0; i < scaled.Length; i++)
            {
                current[i] += scaled[i];
                if (scaled[i] > 0 && (best < 0 || current[i] > current[best]))
                {
                    best = i;
                }
            }

            current[best] -= total;
            schedule.Add(best);
        }

        return schedule.MoveToImmutable();
    }

    /// <summary>
    /// The order for more servers than <see cref="MaxLength"/> (a file listing 100,000), where nginx's pass over every
    /// weight for each place would cost n² on every publish. Each server's places are spread evenly over the round, the
    /// k-th at (k + offset) / weight, with an offset of its own so that servers of one weight take turns rather than
    /// coming in one run; ordered by those times, in n log n.
    /// </summary>
    private static ImmutableArray<int> Spread(int[] scaled, int total)
    {
        var places = new (double Time, int Index)[total];
        var next = 0;
        for (var i = 0; i < scaled.Length; i++)
        {
            var offset = (i + 0.5) / scaled.Length;
            for (var k = 0; k < scaled[i]; k++)
            {
                places[next++] = ((k + offset) / scaled[i], i);
            }
        }

        Array.Sort(places);
        return [.. places.Select(place => place.Index)];
    }

    /// <summary>
    /// The server for a ticket: the scheduled one if it may take traffic and was not tried by this
    /// request, else the next one in the schedule that qualifies; failing that, a last-resort
    /// server (<see cref="ServerSnapshot.IsLastResort"/>) not yet tried. Null when none does.
    /// </summary>
    public static ServerSnapshot? Pick(ServiceSnapshot service, long ticket, IReadOnlyCollection<string>? exclude = null)
    {
        var schedule = service.Schedule;
        if (schedule.IsDefaultOrEmpty)
        {
            return null;
        }

        var start = (int)(ticket % schedule.Length);
        return FirstInSchedule(service, start, exclude, lastResort: false) ?? FirstInSchedule(service, start, exclude, lastResort: true);
    }

    /// <summary>From <paramref name="start"/> round the schedule, the first untried server that is available (or, with <paramref name="lastResort"/>, a last resort).</summary>
    private static ServerSnapshot? FirstInSchedule(ServiceSnapshot service, int start, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        var schedule = service.Schedule;
        for (var offset = 0; offset < schedule.Length; offset++)
        {
            var server = service.Servers[schedule[(start + offset) % schedule.Length]];
            if ((lastResort ? server.IsLastResort : server.IsAvailable) && (exclude is null || !exclude.Contains(server.Url)))
            {
                return server;
            }
        }

        return null;
    }

    private static int[] Reduce(IReadOnlyList<int> weights)
    {
        var positive = weights.Select(w => Math.Max(0, w)).ToArray();
        var gcd = positive.Where(w => w > 0).Aggregate(0, Gcd);
        if (gcd == 0)
        {
            return positive;
        }

        var reduced = positive.Select(w => w / gcd).ToArray();
        long total = reduced.Sum(w => (long)w);
        if (total <= MaxLength)
        {
            return reduced;
        }

        // Keep every positive weight at least 1 so a light server is never starved by scaling.
        var factor = (double)MaxLength / total;
        return reduced.Select(w => w == 0 ? 0 : Math.Max(1, (int)(w * factor))).ToArray();
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
