using System.Net;
using Proxy.Actors.Configuration;
using Proxy.Node.Observability;
using Prometheus;

namespace Proxy.Node.Tests.Observability;

public sealed class ProxyMetricsTests
{
    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("PATCH", "PATCH")]
    [InlineData("PROPFIND", "other")]
    [InlineData("get", "other")]
    public void MethodLabel_Method_KnownOrOther(string method, string expected) =>
        Assert.Equal(expected, ProxyMetrics.MethodLabel(method));

    [Theory]
    [InlineData(200, "200")]
    [InlineData(499, "499")]
    [InlineData(0, "0")]
    [InlineData(1000, "1000")]
    public void StatusCodeText_Code_Decimal(int code, string expected) =>
        Assert.Equal(expected, StatusCodeText.Of(code));

    [Fact]
    public void StatusCodeText_CommonCode_SameInstanceEachTime() =>
        Assert.Same(StatusCodeText.Of(404), StatusCodeText.Of(404));

    [Fact]
    public async Task Observe_ForwardedWithRetries_CountsEveryLevel()
    {
        var metrics = new ProxyMetrics(new SnapshotCell(), clusterSystem: null);
        metrics.Observe(Record(router: "app@file", service: "app@file", status: 502, retries: 2));

        var text = await ScrapeAsync(metrics.Registry);

        Assert.Equal(1, PrometheusText.Value(text, "proxy_entrypoint_requests_total", ("entrypoint", "web"), ("code", "502"), ("method", "GET"), ("protocol", "HTTP/1.1")));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_router_requests_total", ("router", "app@file"), ("code", "502")));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_service_requests_total", ("service", "app@file"), ("code", "502")));
        Assert.Equal(2, PrometheusText.Value(text, "proxy_service_retries_total", ("service", "app@file")));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_service_request_duration_seconds_count", ("service", "app@file")));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_entrypoint_request_duration_seconds_bucket", ("le", "0.1")));
    }

    [Fact]
    public async Task Observe_NoRouter_CountsEntryPointOnly()
    {
        var metrics = new ProxyMetrics(new SnapshotCell(), clusterSystem: null);
        metrics.Observe(Record(router: null, service: null, status: 404, retries: 0));

        var text = await ScrapeAsync(metrics.Registry);

        Assert.Equal(1, PrometheusText.Value(text, "proxy_entrypoint_requests_total", ("code", "404")));
        Assert.Equal(0, PrometheusText.Value(text, "proxy_router_requests_total"));
        Assert.Equal(0, PrometheusText.Value(text, "proxy_service_requests_total"));
    }

    [Fact]
    public async Task Scrape_EmptySnapshot_NoReloadAndSuccess()
    {
        var metrics = new ProxyMetrics(new SnapshotCell(), clusterSystem: null);

        var text = await ScrapeAsync(metrics.Registry);

        Assert.Equal(0, PrometheusText.Value(text, "proxy_config_reloads_total"));
        Assert.Equal(1, PrometheusText.Value(text, "proxy_config_last_reload_success"));
        Assert.DoesNotContain("process_", text, StringComparison.Ordinal);
    }

    private static RequestRecord Record(string? router, string? service, int status, int retries) => new(
        "web", router, service, service is null ? null : "http://127.0.0.2:80", "GET", "HTTP/1.1", "/x",
        IPAddress.Loopback, status, status, TimeSpan.FromMilliseconds(5), retries, DateTime.UtcNow, 2, 2, null, null);

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
