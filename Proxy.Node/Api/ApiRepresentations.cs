using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;

namespace Proxy.Node.Api;

/// <summary>
/// Turns the configuration view into Traefik's API JSON shapes, so tools written for Traefik's
/// API read ours. Fields beyond Traefik's are marked as ours in docs/api.md.
/// </summary>
internal static class ApiRepresentations
{
    /// <param name="live">What the router's actor published, null when the router does not serve.</param>
    public static Dictionary<string, object?> Router(RouterView view, RouteTarget? live, IReadOnlyCollection<string> allEntryPoints)
    {
        var config = view.Config;
        var serving = view.Serving;
        var entryPoints = serving?.EntryPoints.ToArray()
            ?? (config is null || config.EntryPoints.IsDefaultOrEmpty ? allEntryPoints.ToArray() : config.EntryPoints.ToArray());
        var result = new Dictionary<string, object?>
        {
            ["entryPoints"] = entryPoints,
            ["middlewares"] = serving is not null ? serving.Middlewares.ToArray() : config?.Middlewares.IsDefaultOrEmpty == false ? config.Middlewares.ToArray() : null,
            ["service"] = serving?.Service ?? config?.Service,
            ["rule"] = serving?.Rule.Text ?? config?.Rule,
            ["priority"] = serving?.Priority ?? config?.Priority,
            ["tls"] = (serving?.Config ?? config)?.Tls is { } tls ? SchemaRepresentation.Of(RouterTlsConfig.Schema, tls) : null,
            ["status"] = Status(view.Status),
            ["using"] = view.Status == ObjectStatus.Disabled ? null : entryPoints,
            ["name"] = view.Name,
            ["provider"] = view.Provider,
        };
        if (live is not null)
        {
            var counters = live.Counters.Read();
            result["requests"] = new Dictionary<string, object?>
            {
                ["total"] = counters.Total,
                ["served"] = counters.Served,
                ["unavailable"] = counters.Unavailable,
                ["failed"] = counters.Failed,
                ["clientFailed"] = counters.ClientFailed,
            };
        }

        AddErrors(result, view.Errors);
        return result;
    }

    /// <param name="owners">Server URL to the nodes whose providers declare it; empty until the shared configuration first publishes.</param>
    public static Dictionary<string, object?> Service(ServiceView view, ServiceSnapshot? live, IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableSortedSet<string>> owners)
    {
        var result = new Dictionary<string, object?>();
        var serving = view.Serving;
        if (serving is { Composite: { } composite, CompositeConfig: { } declared })
        {
            // Traefik's shape: the kind's options under its name (weighted: {services: [...]}), its type the kind.
            result[composite.Kind] = SchemaRepresentation.Of(ServiceConfig.Schema, declared).GetValueOrDefault(composite.Kind);
        }
        else if (serving is { IsInternal: false })
        {
            result["loadBalancer"] = SchemaRepresentation.Of(LoadBalancerConfig.Schema, serving.Options);
        }

        result["status"] = Status(view.Status);
        result["usedBy"] = view.UsedBy.IsDefaultOrEmpty ? null : view.UsedBy.ToArray();
        if (live is { IsInternal: false, Composite: null })
        {
            var sources = serving?.Servers.Where(s => s.Source is not null).ToDictionary(s => s.Url, s => s.Source, StringComparer.Ordinal);
            result["serverStatus"] = live.Servers.ToDictionary(s => s.Url, s => HealthName(s.Health));
            result["servers"] = live.Servers.Select(s => new Dictionary<string, object?>
            {
                ["url"] = s.Url,
                ["status"] = HealthName(s.Health),
                ["reason"] = s.Reason,
                ["weight"] = s.Weight,
                ["inFlight"] = s.Counters.InFlight,
                ["requests"] = s.Counters.Requests,
                ["failures"] = s.Counters.Failures,
                ["source"] = sources?.GetValueOrDefault(s.Url),
                ["discoveredBy"] = owners.TryGetValue(s.Url, out var nodes) ? nodes.ToArray() : null,
            }).ToArray();
        }

        result["name"] = view.Name;
        result["provider"] = view.Provider;
        result["type"] = serving?.IsInternal == true ? "internal" : serving?.Composite?.Kind ?? "loadbalancer";
        AddErrors(result, view.Errors);
        return result;
    }

    public static Dictionary<string, object?> Middleware(MiddlewareView view)
    {
        var result = new Dictionary<string, object?>();
        if (view.Serving is { } serving)
        {
            result[serving.Type] = MiddlewareOptions(serving);
        }

        result["status"] = Status(view.Status);
        result["usedBy"] = view.UsedBy.IsDefaultOrEmpty ? null : view.UsedBy.ToArray();
        result["name"] = view.Name;
        result["provider"] = view.Provider;
        result["type"] = view.Serving?.Type.ToLowerInvariant();
        AddErrors(result, view.Errors);
        return result;
    }

    public static string HealthName(ServerHealth health) => health switch
    {
        ServerHealth.Up => "UP",
        ServerHealth.Down => "DOWN",
        _ => "DRAINING",
    };

    public static string Status(ObjectStatus status) => status switch
    {
        ObjectStatus.Enabled => "enabled",
        ObjectStatus.Warning => "warning",
        _ => "disabled",
    };

    /// <summary>The options by their declaration; empty for a snapshot built outside the validator, which has none.</summary>
    private static object MiddlewareOptions(MiddlewareSnapshot middleware) =>
        middleware.Options is { } options
            ? SchemaRepresentation.Of(MiddlewareTypes.Of(options).Schema, options is IHoldsSecrets secrets ? secrets.WithoutSecrets() : options)
            : new Dictionary<string, object?>();

    private static void AddErrors(Dictionary<string, object?> result, IReadOnlyCollection<ConfigError> errors)
    {
        if (errors.Count > 0)
        {
            result["error"] = ErrorLines(errors);
            result["errorDetails"] = ErrorDetails(errors);
        }
    }

    /// <summary>Traefik's <c>error</c> list: one line per error, its path then its message.</summary>
    public static string[] ErrorLines(IEnumerable<ConfigError> errors) => [.. errors.Select(e => $"{e.Path}: {e.Message}")];

    /// <summary>Ours: each error with the source it came from.</summary>
    public static object[] ErrorDetails(IEnumerable<ConfigError> errors) =>
        [.. errors.Select(e => new { source = e.Source, path = e.Path, message = e.Message })];
}
