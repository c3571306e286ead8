using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Proxy.Node.Api;

/// <summary>
/// GET /metrics in Prometheus' text format. Written here rather than with prometheus-net.AspNetCore,
/// whose endpoint is these few lines plus a dependency.
/// </summary>
public static class MetricsEndpoint
{
    public static void MapMetrics(this IEndpointRouteBuilder api, CollectorRegistry registry) =>
        api.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
}
