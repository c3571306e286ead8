using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;

namespace Proxy.Actors.Configuration;

/// <summary>Builds one router table per entry point from the routers that serve.</summary>
public static class RouteTables
{
    public static ImmutableDictionary<string, RouterTable<RouteTarget>> Build(ValidatedConfig config, IEnumerable<string> entryPoints)
    {
        var result = ImmutableDictionary.CreateBuilder<string, RouterTable<RouteTarget>>(StringComparer.Ordinal);
        foreach (var entryPoint in entryPoints)
        {
            var entries = config.Routers.Values
                .Where(r => r.EntryPoints.Contains(entryPoint))
                .Select(r => new RouterTableEntry<RouteTarget>(Target(r, config), r.Name, r.Priority, r.Rule));
            result[entryPoint] = RouterTable<RouteTarget>.Build(entries);
        }

        return result.ToImmutable();
    }

    private static RouteTarget Target(RouterDefinition router, ValidatedConfig config)
    {
        var middlewares = router.Middlewares.Select(m => config.Middlewares[m]).ToImmutableArray();
        return new RouteTarget(router.Name, middlewares, middlewares.OfType<RetryMiddleware>().LastOrDefault(), router.Service);
    }
}
