using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;
using Proxy.Node.Hosting;

namespace Proxy.Node.Api;

/// <summary>
/// Traefik's API routes (<c>/api/http/routers</c>, <c>/api/overview</c>, ...) plus <c>/ping</c>,
/// answered from the snapshot the request path uses, so the API shows exactly what serves.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>/ping: open to any caller and any Host, since load balancers probe it by whatever name they know the node.</summary>
    public static void MapPing(this IEndpointRouteBuilder api, NodeLifecycle lifecycle)
    {
        api.MapGet("/ping", lifecycle.WritePingAsync);
        api.MapMethods("/ping", ["HEAD"], lifecycle.WritePingAsync);
    }

    public static void MapProxyApi(
        this IEndpointRouteBuilder api,
        SnapshotCell cell,
        ApiInfo info,
        Proxy.Actors.Cluster.ClusterViewCell clusterView,
        CertificateCell certificates,
        Proxy.Actors.Certificates.AcmeStorageErrorsCell? acmeStorage = null,
        Proxy.Actors.Certificates.Resolving.AcmeRouterStatusCell? acmeRouters = null)
    {
        api.MapGet("/api/http/routers", () =>
        {
            var snapshot = cell.Current;
            return Results.Json(snapshot.View.Routers.Values
                .Select(r => ApiRepresentations.Router(AcmeRouterErrors.Overlay(r, acmeRouters), snapshot.Routers.GetValueOrDefault(r.Name), info.EntryPointNames)).ToArray());
        });
        api.MapGet("/api/http/routers/{name}", (string name) =>
        {
            var snapshot = cell.Current;
            return snapshot.View.Routers.TryGetValue(name, out var router)
                ? Results.Json(ApiRepresentations.Router(AcmeRouterErrors.Overlay(router, acmeRouters), snapshot.Routers.GetValueOrDefault(name), info.EntryPointNames))
                : NotFound("router", name);
        });

        api.MapGet("/api/http/services", () =>
        {
            var snapshot = cell.Current;
            return Results.Json(snapshot.View.Services.Values
                .Select(s => ApiRepresentations.Service(s, snapshot.Services.GetValueOrDefault(s.Name), clusterView.Current.Owners)).ToArray());
        });
        api.MapGet("/api/http/services/{name}", (string name) =>
        {
            var snapshot = cell.Current;
            return snapshot.View.Services.TryGetValue(name, out var service)
                ? Results.Json(ApiRepresentations.Service(service, snapshot.Services.GetValueOrDefault(name), clusterView.Current.Owners))
                : NotFound("service", name);
        });

        api.MapGet("/api/http/middlewares", () =>
            Results.Json(cell.Current.View.Middlewares.Values.Select(ApiRepresentations.Middleware).ToArray()));
        api.MapGet("/api/http/middlewares/{name}", (string name) =>
            cell.Current.View.Middlewares.TryGetValue(name, out var middleware)
                ? Results.Json(ApiRepresentations.Middleware(middleware))
                : NotFound("middleware", name));

        api.MapGet("/api/entrypoints", () =>
            Results.Json(info.EntryPoints.Select(e => new { address = e.Value, name = e.Key }).ToArray()));
        api.MapGet("/api/entrypoints/{name}", (string name) =>
            info.EntryPoints.TryGetValue(name, out var address)
                ? Results.Json(new { address, name })
                : NotFound("entry point", name));

        api.MapGet("/api/overview", () => Results.Json(Overview(cell.Current, info)));
        api.MapGet("/api/version", () => Results.Json(new { Version = info.Version, Codename = "proxy", startDate = info.StartDate }));
        // The certificates' errors come from loading files and ACME state, not from the configuration's checks.
        api.MapGet("/api/errors", () =>
            // The node's ACME storage files and its resolvers' problems are not configuration, yet the operator's to fix.
            Results.Json(ApiRepresentations.ErrorDetails(cell.Current.View.AllErrors.Concat(certificates.Current.Errors)
                .Concat(acmeStorage?.Current ?? []).Concat(AcmeRouterErrors.All(acmeRouters)))));
        api.MapGet("/api/tls/certificates", () => Results.Json(CertificateRepresentation.List(certificates.Current)));
    }

    private static object Overview(RoutingSnapshot snapshot, ApiInfo info)
    {
        var view = snapshot.View;
        return new
        {
            http = new
            {
                routers = Counts(view.Routers.Values.Select(r => r.Status)),
                services = Counts(view.Services.Values.Select(s => s.Status)),
                middlewares = Counts(view.Middlewares.Values.Select(m => m.Status)),
            },
            entryPoints = info.EntryPoints.Keys,
            providers = view.Providers.Values.Select(p => new
            {
                name = p.Name,
                status = ApiRepresentations.Status(p.Status),
                lastChange = p.LastChange,
                error = p.Errors.IsDefaultOrEmpty ? null : ApiRepresentations.ErrorLines(p.Errors),
            }).ToArray(),
            configurationVersion = snapshot.Version,
        };
    }

    private static object Counts(IEnumerable<ObjectStatus> statuses)
    {
        var list = statuses.ToList();
        return new
        {
            total = list.Count,
            warnings = list.Count(s => s == ObjectStatus.Warning),
            errors = list.Count(s => s == ObjectStatus.Disabled),
        };
    }

    private static IResult NotFound(string kind, string name) =>
        Results.Json(new { message = $"{kind} not found: {name}" }, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>What the API tells about the node itself: entry points (name to address), version, start.</summary>
public sealed record ApiInfo(ImmutableSortedDictionary<string, string> EntryPoints, string Version, DateTimeOffset StartDate)
{
    public IReadOnlyCollection<string> EntryPointNames { get; } = [.. EntryPoints.Keys];
}
