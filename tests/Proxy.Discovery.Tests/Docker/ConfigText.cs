using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// A configuration as lines of text: the contract records hold immutable collections, which compare
/// by reference, and a text diff shows exactly which object differs.
/// </summary>
internal static class ConfigText
{
    public static string[] Lines(DynamicConfig config) =>
    [
        .. config.Routers.Select(r => $"router {r.Key}: {Router(r.Value)}"),
        .. config.Services.Select(s => $"service {s.Key}: {Service(s.Value)}"),
        .. config.Middlewares.Select(m => $"middleware {m.Key}: {Middleware(m.Value)}"),
    ];

    private static string Router(RouterConfig r) =>
        $"rule={r.Rule} service={r.Service}"
        + (r.EntryPoints.IsDefaultOrEmpty ? "" : $" entrypoints={string.Join(",", r.EntryPoints)}")
        + (r.Middlewares.IsDefaultOrEmpty ? "" : $" middlewares={string.Join(",", r.Middlewares)}")
        + (r.Priority is { } p ? $" priority={p}" : "");

    private static string Service(ServiceConfig s)
    {
        var lb = s.LoadBalancer!;
        var servers = string.Join(" ", lb.Servers.Select(v => v.Url + (v.Weight is { } w ? $"(weight {w})" : "") + (v.Draining ? "(draining)" : "")));
        return $"servers=[{servers}]"
            + (lb.Strategy is { } strategy ? $" strategy={strategy}" : "")
            + (lb.PassHostHeader is { } pass ? $" passhostheader={pass}" : "")
            + (lb.HealthCheck is { } hc ? $" healthcheck={hc with { Headers = HealthCheckConfig.Default.Headers }} headers={Map(hc.Headers)}" : "")
            + (lb.PassiveHealthCheck is { } passive ? $" passive={passive}" : "");
    }

    private static string Middleware(MiddlewareConfig m) =>
        string.Join(" ", new[]
        {
            m.Get<RetryConfig>() is { } retry ? retry.ToString() : null,
            m.Get<StripPrefixConfig>() is { } strip ? $"StripPrefix [{string.Join(",", strip.Prefixes)}]" : null,
            m.Get<AddPrefixConfig>() is { } add ? add.ToString() : null,
            m.Get<HeadersConfig>() is { } h ? $"Headers request={Map(h.CustomRequestHeaders)} response={Map(h.CustomResponseHeaders)}" : null,
            m.Get<RateLimitConfig>() is { } rate ? $"RateLimit average={rate.Average} burst={rate.Burst} scope={rate.Scope}" : null,
            m.UnknownTypes.IsDefaultOrEmpty ? null : $"unknown=[{string.Join(",", m.UnknownTypes)}]",
        }.Where(part => part is not null));

    private static string Map(IEnumerable<KeyValuePair<string, string>> map) =>
        "{" + string.Join(",", map.Select(e => $"{e.Key}={e.Value}")) + "}";
}
