using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// Traefik's <c>requestAcceptGraceTimeout</c>: on SIGTERM, /ping turns 503 at once but the entry
/// points keep accepting for a while, so a load balancer in front has time to notice. The wait is
/// in <see cref="StoppingAsync"/>, which the host runs before any service's StopAsync: a plain
/// StopAsync would come after Kestrel's, because WebApplication registers its server last (so it
/// starts last and stops first), and the listeners would already be closed during the grace.
/// </summary>
internal sealed partial class AcceptGraceService(NodeLifecycle lifecycle, StaticConfig config, IHostApplicationLifetime lifetime, ILogger<AcceptGraceService> log)
    : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(lifecycle.BeginStopping);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.BeginStopping();
        LogStopping(log, config.RequestAcceptGraceTimeout, config.GraceTimeout);
        if (config.RequestAcceptGraceTimeout > TimeSpan.Zero)
        {
            await Task.Delay(config.RequestAcceptGraceTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: /ping answers 503; accepting requests for {AcceptGrace} more, then finishing in-flight requests within {Grace}")]
    private static partial void LogStopping(ILogger logger, TimeSpan acceptGrace, TimeSpan grace);
}
