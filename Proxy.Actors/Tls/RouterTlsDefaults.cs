using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tls;

/// <summary>
/// Traefik's entry-point <c>http.tls</c>: a router that declares no <c>tls</c> of its own is a TLS router,
/// with the entry point's settings, on an entry point that has them. Decided per entry point, as Traefik
/// copies such a router once per entry point: the same router may be plain on one and TLS on another.
/// </summary>
public static class RouterTlsDefaults
{
    /// <summary>The router's TLS on <paramref name="entryPoint"/>: its own, else the entry point's, else null (plain).</summary>
    public static RouterTlsConfig? Effective(
        RouterDefinition router, string entryPoint, IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls) =>
        router.Config.Tls ?? entryPointTls.GetValueOrDefault(entryPoint);

    /// <summary>
    /// Every serving router with TLS on at least one of its entry points, once per distinct effective
    /// setting (a router on two entry points with different defaults is two demands).
    /// </summary>
    public static ImmutableArray<TlsRouterDemand> Demands(
        IEnumerable<RouterDefinition> routers, IReadOnlyDictionary<string, RouterTlsConfig> entryPointTls)
    {
        var demands = ImmutableArray.CreateBuilder<TlsRouterDemand>();
        foreach (var router in routers)
        {
            // By reference: the effective setting is the router's own object or one entry point's.
            var groups = router.EntryPoints
                .Select(entryPoint => (EntryPoint: entryPoint, Tls: Effective(router, entryPoint, entryPointTls)))
                .Where(pair => pair.Tls is not null)
                .GroupBy(pair => pair.Tls!, ReferenceEqualityComparer.Instance);
            foreach (var group in groups)
            {
                demands.Add(new TlsRouterDemand(
                    router.Name, [.. group.Select(pair => pair.EntryPoint)], group.First().Tls!, router.Rule.NamedHosts));
            }
        }

        return demands.ToImmutable();
    }
}
