using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// Traefik's <c>requestAcceptGraceTimeout</c>: on SIGTERM, /ping turns 503 at once but the entry
/// points keep accepting for a while, so a load balancer in front has time to notice. Registered
/// after the web server, so the host stops it first and Kestrel only stops accepting afterwards.
/// </summary>
internal sealed partial class AcceptGraceService(NodeLifecycle lifecycle, StaticConfig config, IHostApplicationLifetime lifetime, ILogger<AcceptGraceService> log)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(lifecycle.BeginStopping);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lifecycle.BeginStopping();
        LogStopping(log, config.RequestAcceptGraceTimeout, config.GraceTimeout);
        if (config.RequestAcceptGraceTimeout > TimeSpan.Zero)
        {
            await Task.Delay(config.RequestAcceptGraceTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: /ping answers 503; accepting requests for {AcceptGrace} more, then finishing in-flight requests within {Grace}")]
    private static partial void LogStopping(ILogger logger, TimeSpan acceptGrace, TimeSpan grace);
}
