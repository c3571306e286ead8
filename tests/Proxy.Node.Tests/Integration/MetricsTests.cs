using System.Net;
using Proxy.Node.Tests.Observability;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_BoundedLoadOnTwoRouters_CountersEqualWhatWasSent()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(TwoRoutes(a.Url, b.Url), ["a", "b"], ["--metrics.prometheus=true"]);

        const int ToA = 60, ToB = 40, Missing = 10;
        var statuses = await SendAsync(node.Client, [.. Enumerable.Repeat("/a/x", ToA), .. Enumerable.Repeat("/b/y", ToB), .. Enumerable.Repeat("/none", Missing)]);
        Assert.Equal(ToA + ToB, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(Missing, statuses.Count(s => s == HttpStatusCode.NotFound));

        var text = await node.Api.GetStringAsync("/metrics");

        Assert.Equal(ToA + ToB, PrometheusText.Value(text, "proxy_entrypoint_requests_total", ("entrypoint", "web"), ("code", "200"), ("method", "GET"), ("protocol", "HTTP/1.1")));
        Assert.Equal(Missing, PrometheusText.Value(text, "proxy_entrypoint_requests_total", ("entrypoint", "web"), ("code", "404")));
        Assert.Equal(ToA + ToB + Missing, PrometheusText.Value(text, "proxy_entrypoint_request_duration_seconds_count", ("entrypoint", "web")));
        Assert.Equal(ToA, PrometheusText.Value(text, "proxy_router_requests_total", ("router", "a@file"), ("code", "200")));
        Assert.Equal(ToB, PrometheusText.Value(text, "proxy_router_requests_total", ("router", "b@file"), ("code", "200")));
        Assert.Equal(ToA, PrometheusText.Value(text, "proxy_service_requests_total", ("service", "a@file"), ("code", "200")));
        Assert.Equal(ToB, PrometheusText.Value(text, "proxy_service_requests_total", ("service", "b@file"), ("code", "200")));
        Assert.Equal(ToB, PrometheusText.Value(text, "proxy_service_request_duration_seconds_count", ("service", "b@file")));
        Assert.Equal(0, PrometheusText.Value(text, "proxy_service_retries_total"));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_service_server_up", ("service", "a@file"), ("url", a.Url)));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_config_last_reload_success"));
        Assert.Equal(ToA, a.Requests);
        Assert.Equal(ToB, b.Requests);
    }

    [Fact]
    public async Task Metrics_Disabled_NotFound()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], ["--metrics.prometheus=false"]);

        using var response = await node.Api.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Four clients share the paths; every request is sent once and its status kept.</summary>
    private static async Task<HttpStatusCode[]> SendAsync(HttpClient client, string[] paths)
    {
        var statuses = new HttpStatusCode[paths.Length];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < paths.Length)
            {
                using var response = await client.GetAsync(paths[i]);
                statuses[i] = response.StatusCode;
            }
        }));
        return statuses;
    }

    private static string TwoRoutes(string a, string b) =>
        "http:\n"
        + "  routers:\n"
        + "    a:\n"
        + "      rule: \"PathPrefix(`/a`)\"\n"
        + "      service: a\n"
        + "    b:\n"
        + "      rule: \"PathPrefix(`/b`)\"\n"
        + "      service: b\n"
        + "  services:\n"
        + "    a:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(a)
        + "    b:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(b);
}
