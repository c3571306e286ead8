using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Routing;

namespace Proxy.Actors.Configuration;

/// <summary>Builds one router table per entry point from what the router actors published.</summary>
public static class RouteTables
{
    public static ImmutableDictionary<string, RouterTable<RouteTarget>> Build(IReadOnlyCollection<PublishedRouter> routers, IEnumerable<string> entryPoints)
    {
        var result = ImmutableDictionary.CreateBuilder<string, RouterTable<RouteTarget>>(StringComparer.Ordinal);
        foreach (var entryPoint in entryPoints)
        {
            // A TLS router matches only TLS connections, as in Traefik; until the entry points serve
            // HTTPS every connection is plain, so such a router is in no table rather than served in clear.
            var entries = routers
                .Where(r => r.Definition.EntryPoints.Contains(entryPoint) && r.Definition.Config.Tls is null)
                .Select(r => new RouterTableEntry<RouteTarget>(r.Target, r.Definition.Name, r.Definition.Priority, r.Definition.Rule));
            result[entryPoint] = RouterTable<RouteTarget>.Build(entries);
        }

        return result.ToImmutable();
    }
}
