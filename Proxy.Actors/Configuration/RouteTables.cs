using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Builds two router tables per entry point from what the router actors published: one for plain
/// connections and one for TLS connections. As in Traefik, a TLS router (its own <c>tls</c>, or the entry
/// point's <c>http.tls</c> defaults) matches only TLS connections and any other router only plain ones,
/// so what the operator meant for HTTPS is never served in clear, and the other way round.
/// </summary>
public static class RouteTables
{
    public static (ImmutableDictionary<string, RouterTable<RouteTarget>> Plain, ImmutableDictionary<string, RouterTable<RouteTarget>> Tls) Build(
        IReadOnlyCollection<PublishedRouter> routers,
        IEnumerable<string> entryPoints,
        IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls)
    {
        var plain = ImmutableDictionary.CreateBuilder<string, RouterTable<RouteTarget>>(StringComparer.Ordinal);
        var tls = ImmutableDictionary.CreateBuilder<string, RouterTable<RouteTarget>>(StringComparer.Ordinal);
        foreach (var entryPoint in entryPoints)
        {
            var onEntryPoint = routers
                .Where(r => r.Definition.EntryPoints.Contains(entryPoint))
                .ToLookup(r => RouterTlsDefaults.Effective(r.Definition, entryPoint, entryPointTls) is not null);
            plain[entryPoint] = Table(onEntryPoint[false]);
            tls[entryPoint] = Table(onEntryPoint[true]);
        }

        return (plain.ToImmutable(), tls.ToImmutable());
    }

    private static RouterTable<RouteTarget> Table(IEnumerable<PublishedRouter> routers) =>
        RouterTable<RouteTarget>.Build(
            routers.Select(r => new RouterTableEntry<RouteTarget>(r.Target, r.Definition.Name, r.Definition.Priority, r.Definition.Rule)));
}
