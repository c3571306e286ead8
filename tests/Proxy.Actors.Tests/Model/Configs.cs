using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tests.Model;

/// <summary>Raw provider configuration written compactly, so that tables show only what a case changes.</summary>
public static class Configs
{
    public static DynamicConfig Dynamic(
        IEnumerable<(string Name, RouterConfig Router)>? routers = null,
        IEnumerable<(string Name, ServiceConfig Service)>? services = null,
        IEnumerable<(string Name, MiddlewareConfig Middleware)>? middlewares = null) =>
        new(
            (routers ?? []).ToImmutableSortedDictionary(r => r.Name, r => r.Router, StringComparer.Ordinal),
            (services ?? []).ToImmutableSortedDictionary(s => s.Name, s => s.Service, StringComparer.Ordinal),
            (middlewares ?? []).ToImmutableSortedDictionary(m => m.Name, m => m.Middleware, StringComparer.Ordinal));

    public static RouterConfig Router(
        string? rule = "Host(`a.com`)", string? service = "svc", string[]? entryPoints = null, string[]? middlewares = null, int? priority = null) =>
        new(rule, entryPoints is null ? [] : [.. entryPoints], middlewares is null ? [] : [.. middlewares], service, priority);

    public static ServiceConfig Service(params string[] urls) =>
        ServiceOf(urls.Select(u => new ServerConfig(u, null)).ToArray());

    public static ServiceConfig ServiceOf(
        ServerConfig[] servers, HealthCheckConfig? healthCheck = null, PassiveHealthCheckConfig? passive = null) =>
        new(new LoadBalancerConfig([.. servers], null, healthCheck, passive));

    public static HealthCheckConfig Check(string? path = "/health") => HealthCheckConfig.Default with { Path = path };

    public static MiddlewareConfig Retry(int? attempts = 3, string? initialInterval = null, bool? nonIdempotent = null, long? maxBodyBytes = null) =>
        MiddlewareConfig.Of(new RetryConfig(attempts, initialInterval, nonIdempotent, maxBodyBytes));

    public static MiddlewareConfig StripPrefix(params string[] prefixes) =>
        MiddlewareConfig.Of(new StripPrefixConfig([.. prefixes]));

    public static MiddlewareConfig AddPrefix(string? prefix) =>
        MiddlewareConfig.Of(new AddPrefixConfig(prefix));

    public static MiddlewareConfig Headers(
        (string Name, string Value)[]? request = null, (string Name, string Value)[]? response = null) =>
        MiddlewareConfig.Of(new HeadersConfig(
            (request ?? []).ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal),
            (response ?? []).ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal)));
}
