using System.Collections.Frozen;

namespace Proxy.Actors.Routing;

/// <summary>
/// Picks the router for a request: the matching one with the highest priority, ties going to
/// the ordinally smallest name so every node picks the same. Routes bound to known hosts are
/// filed under those hosts, so a request only tries its own host's routes plus the generic
/// ones, and ten thousand <c>Host</c> routers cost no more than ten. Built once per
/// configuration and never changed, so request threads read it without locks.
/// </summary>
public sealed class RouterTable<TRoute>
    where TRoute : class
{
    private readonly FrozenDictionary<string, Ranked[]>.AlternateLookup<ReadOnlySpan<char>> _byHost;
    private readonly Ranked[] _generic;

    private RouterTable(FrozenDictionary<string, Ranked[]> byHost, Ranked[] generic, int count)
    {
        // Looking up by span lets a request's host be used without lower-casing or copying it.
        _byHost = byHost.GetAlternateLookup<ReadOnlySpan<char>>();
        _generic = generic;
        Count = count;
    }

    /// <summary>How many entries the table was built from.</summary>
    public int Count { get; }

    public static RouterTable<TRoute> Build(IEnumerable<RouterTableEntry<TRoute>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        // One global rank per entry turns the merge at match time into integer comparisons;
        // OrderBy is stable, so even duplicate names keep a fixed order.
        var ranked = entries
            .OrderByDescending(entry => entry.Priority)
            .ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .Select((entry, rank) => new Ranked(rank, entry))
            .ToArray();

        var byHost = new Dictionary<string, List<Ranked>>(StringComparer.OrdinalIgnoreCase);
        var generic = new List<Ranked>();
        foreach (var route in ranked)
        {
            if (route.Entry.Rule.RequiredHosts is not { } hosts)
            {
                generic.Add(route);
                continue;
            }

            // An empty set means the rule can match no host: it is filed nowhere.
            foreach (var host in hosts)
            {
                if (!byHost.TryGetValue(host, out var bucket))
                {
                    byHost[host] = bucket = [];
                }

                bucket.Add(route);
            }
        }

        return new RouterTable<TRoute>(
            byHost.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            [.. generic],
            ranked.Length);
    }

    /// <summary>The route of the best matching router, or null when none matches.</summary>
    public TRoute? Match(IRequestFacts request)
    {
        var bucket = _byHost.TryGetValue(RequestHost.Canonical(request.Host), out var found) ? found : [];
        var generic = _generic;
        int b = 0, g = 0;

        // Both lists are in rank order; walking them together visits candidates best first.
        while (b < bucket.Length || g < generic.Length)
        {
            var candidate = g >= generic.Length || (b < bucket.Length && bucket[b].Rank < generic[g].Rank)
                ? bucket[b++]
                : generic[g++];
            if (candidate.Entry.Rule.Matches(request))
            {
                return candidate.Entry.Route;
            }
        }

        return null;
    }

    private readonly record struct Ranked(int Rank, RouterTableEntry<TRoute> Entry);
}
