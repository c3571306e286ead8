namespace Proxy.Node.Tests.Integration;

/// <summary>Small builders for the dynamic YAML the tests write; indentation is the easy part to get wrong.</summary>
public static class Yaml
{
    /// <summary>A <c>servers:</c> list at load-balancer depth (8 spaces).</summary>
    public static string Servers(params string[] urls) =>
        "        servers:\n" + string.Concat(urls.Select(u => $"          - url: {u}\n"));

    public static string WeightedServers(params (string Url, int Weight)[] servers) =>
        "        servers:\n" + string.Concat(servers.Select(s => $"          - url: {s.Url}\n            weight: {s.Weight}\n"));

    /// <summary>One router named app on every path, to service app, with the given middlewares.</summary>
    public static string SingleRoute(string servers, string middlewares = "", string routerMiddlewares = "", string loadBalancerExtra = "") =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + (routerMiddlewares.Length > 0 ? $"      middlewares: [{routerMiddlewares}]\n" : string.Empty)
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + servers
        + loadBalancerExtra
        + (middlewares.Length > 0 ? "  middlewares:\n" + middlewares : string.Empty);

    /// <summary>An active health check at load-balancer depth, quick enough that a test sees a server go DOWN or UP within a second.</summary>
    public const string HealthCheck =
        "        healthCheck:\n"
        + "          path: /health\n"
        + "          interval: 200ms\n"
        + "          timeout: 150ms\n";

    public const string Retry3 =
        "    retry:\n"
        + "      retry:\n"
        + "        attempts: 3\n"
        + "        initialInterval: 10ms\n";
}
