using Akka.Actor;
using Microsoft.AspNetCore.Builder;

namespace Proxy.Node.Hosting;

/// <summary>
/// One node as <see cref="NodeHost.Create"/> composes it, for the binary and the in-process tests
/// alike: its actor system (always a cluster member; alone, a cluster of one) and its web host.
/// Disposing stops it in the order the binary does after a signal: the web host drains first
/// (/ping 503, accept grace, in-flight requests), then coordinated shutdown leaves the cluster and
/// stops the actors the drained requests were still using.
/// </summary>
public sealed class ProxyNode : IAsyncDisposable
{
    internal ProxyNode(WebApplication app, ActorSystem system)
    {
        App = app;
        System = system;
    }

    public WebApplication App { get; }

    public ActorSystem System { get; }

    public IServiceProvider Services => App.Services;

    public Task StartAsync(CancellationToken cancellation = default) => App.StartAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync().ConfigureAwait(false);
            await App.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await StopActorsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Leaves the cluster and stops the actors. The reason tells <see cref="ClusterExitService"/>
    /// that the node itself ended the run, once the web host had drained.
    /// </summary>
    internal Task StopActorsAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
}
