using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Hosting;

/// <summary>
/// Whether the node is on its way out. Set once when SIGTERM arrives, so that /ping turns 503 at
/// once and load balancers in front stop sending while in-flight requests finish.
/// </summary>
public sealed class NodeLifecycle
{
    private volatile bool _stopping;

    public bool Stopping => _stopping;

    public void BeginStopping() => _stopping = true;

    public Task WritePingAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.StatusCode = _stopping ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return context.Response.WriteAsync(_stopping ? "Service Unavailable" : "OK");
    }
}
