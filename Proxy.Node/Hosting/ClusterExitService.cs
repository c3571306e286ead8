using Akka;
using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// Ends the process when the cluster ends the node's actor system: downed (by the split-brain
/// resolver or an operator) or removed after a leave the node did not start. Akka never lets a
/// removed incarnation rejoin, so a process that stayed up would answer /ping 200 while no
/// configuration change reached it any more. Instead it stops as on SIGTERM (/ping 503, accept
/// grace, in-flight requests drained, access log flushed) and exits non-zero (<see cref="ExitCodes"/>),
/// so its supervisor restarts it and the new incarnation rejoins.
/// The drain runs as a task of coordinated shutdown's first phase, so the actors the request path
/// still uses (retries, health) stay up until Kestrel has drained; the phase's timeout is set from
/// the lifecycle flags (<see cref="ActorSystemFactory"/>).
/// </summary>
internal sealed partial class ClusterExitService(ActorSystem system, NodeLifecycle lifecycle, IHostApplicationLifetime lifetime, ILogger<ClusterExitService> log)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Captured now: an embedding host (the in-process tests) may dispose the lifetime before it
        // terminates the actor system.
        var stopped = lifetime.ApplicationStopped;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "proxy-node-drain", () => DrainAsync(stopped));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The exit code for a coordinated shutdown the node did not start itself.</summary>
    internal static int ExitCodeFor(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => ExitCodes.Downed,
        CoordinatedShutdown.ClusterLeavingReason => ExitCodes.Removed,
        _ => ExitCodes.ActorSystemStopped,
    };

    private async Task<Done> DrainAsync(CancellationToken stopped)
    {
        var reason = CoordinatedShutdown.Get(system).ShutdownReason;
        // The node runs coordinated shutdown itself (ClrExitReason) only once the web host has
        // drained; nothing is left to wait for then.
        if (reason is CoordinatedShutdown.ClrExitReason || stopped.IsCancellationRequested)
        {
            return Done.Instance;
        }

        var code = ExitCodeFor(reason);
        if (lifecycle.TryEndWith(code))
        {
            LogEnded(log, reason?.GetType().Name ?? "unknown", code);
        }

        lifetime.StopApplication();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stopped).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The web host has stopped: in-flight requests are done and the access log flushed.
        }

        return Done.Instance;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster ended this node ({Reason}): finishing in-flight requests, then exiting with code {ExitCode} so that a supervisor restarts it")]
    private static partial void LogEnded(ILogger logger, string reason, int exitCode);
}
