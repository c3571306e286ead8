using System.Net;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Highest random weight (weighted rendezvous hashing) of the client's address and each server's URL: a client
/// keeps its server on every node and across restarts, a server's share follows its weight, and a server that
/// leaves moves only its own clients. Each server scores <c>weight / -ln(u)</c>, with <c>u</c> in (0, 1) a stable
/// hash of the pair (<see cref="StableHash"/>); the highest score wins.
/// </summary>
public static class HighestRandomWeightPolicy
{
    public static ServerSnapshot? Pick(ServiceSnapshot service, IPAddress? client, IReadOnlyCollection<string>? exclude = null)
    {
        var key = StableHash.Of(client);
        return Pick(service, key, exclude, lastResort: false) ?? Pick(service, key, exclude, lastResort: true);
    }

    /// <summary>The score of one server for one client's key; public for the tests that check its spread.</summary>
    public static double Score(ulong clientKey, ServerSnapshot server)
    {
        var hash = StableHash.Mix(clientKey ^ StableHash.Of(server.Url));
        // The top 53 bits as a double strictly inside (0, 1): ln never sees 0 or 1.
        var unit = ((hash >> 11) + 0.5) / (1UL << 53);
        return server.Weight / -Math.Log(unit);
    }

    private static ServerSnapshot? Pick(ServiceSnapshot service, ulong key, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        ServerSnapshot? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var server in service.Servers)
        {
            if (!Candidates.Qualifies(server, exclude, lastResort))
            {
                continue;
            }

            var score = Score(key, server);
            if (score > bestScore)
            {
                best = server;
                bestScore = score;
            }
        }

        return best;
    }
}
