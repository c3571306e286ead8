using System.Net;
using Proxy.Node.Tests.Integration.Docker;
using Xunit;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// The set-up the limit middlewares' tests share (rateLimit, inFlightReq): one backend behind router
/// "limited" (every path) through one middleware, and router "open" (/open) without it.
/// </summary>
internal static class LimitedRouter
{
    /// <param name="options">The middleware's options, one per line, indented under its type.</param>
    public static string Config(string backendUrl, string middleware, string type, string options) =>
        "http:\n"
        + "  routers:\n"
        + "    open:\n"
        + "      rule: \"PathPrefix(`/open`)\"\n"
        + "      service: app\n"
        + "    limited:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + $"      middlewares: [{middleware}]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + $"    {middleware}:\n"
        + $"      {type}:\n"
        + string.Concat(options.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"        {line}\n"));

    /// <summary>
    /// A bad value: the API shows the error on the middleware, naming <paramref name="field"/>; router "limited"
    /// is disabled and router "open" still serves.
    /// </summary>
    /// <param name="options">YAML put as it is under the type, its own lines indented for that place.</param>
    public static async Task BadValueAsync(string middleware, string type, string options, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var yaml = Config(backend.Url, middleware, type, "").Replace($"      {type}:\n", $"      {type}:\n        {options}\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "open");

        await MiddlewareErrors.WaitForAsync(node.Api, $"{middleware}@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "limited@file"));
        using var open = await node.Client.GetAsync("/open");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    /// <summary>The status of a GET of <paramref name="target"/> with these headers (Host among them, if given).</summary>
    public static async Task<HttpStatusCode> StatusAsync(TestNode node, string target, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await node.Client.SendAsync(request);
        return response.StatusCode;
    }
}
