using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Hosting;

/// <summary>
/// Whether the node is on its way out, and with which exit code. Set once, by a stop signal or by
/// the cluster ending the node, so that /ping turns 503 at once and load balancers in front stop
/// sending while in-flight requests finish.
/// </summary>
public sealed class NodeLifecycle
{
    private int _stopping;
    private int _exitCode = ExitCodes.Stopped;

    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>The code the process exits with: <see cref="ExitCodes.Stopped"/> unless the cluster ended the node.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    public void BeginStopping() => Volatile.Write(ref _stopping, 1);

    /// <summary>
    /// Begins stopping because something other than a stop signal ended the node. Returns false when
    /// the node was already stopping: a signal came first, the operator chose, and the exit stays 0.
    /// </summary>
    public bool TryEndWith(int exitCode)
    {
        if (Interlocked.CompareExchange(ref _stopping, 1, 0) != 0)
        {
            return false;
        }

        Volatile.Write(ref _exitCode, exitCode);
        return true;
    }

    public Task WritePingAsync(HttpContext context)
    {
        var stopping = Stopping;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.StatusCode = stopping ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return context.Response.WriteAsync(stopping ? "Service Unavailable" : "OK");
    }
}
