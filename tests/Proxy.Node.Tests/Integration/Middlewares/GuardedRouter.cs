namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// The file configuration the auth middlewares' tests share: one backend behind router "app" (every path)
/// and router "guarded" (/guarded) through middleware "auth".
/// </summary>
internal static class GuardedRouter
{
    /// <param name="middlewares">The YAML under <c>middlewares:</c>, "auth" among them.</param>
    /// <param name="trustingMiddleware">If given, router "trustingRoute" (/trusted) through this middleware too.</param>
    public static string Config(string backendUrl, string middlewares, string? trustingMiddleware = null) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    guarded:\n"
        + "      rule: \"PathPrefix(`/guarded`)\"\n"
        + "      service: app\n"
        + "      middlewares: [auth]\n"
        + (trustingMiddleware is null
            ? string.Empty
            : "    trustingRoute:\n      rule: \"PathPrefix(`/trusted`)\"\n      service: app\n" + $"      middlewares: [{trustingMiddleware}]\n")
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + middlewares;
}
