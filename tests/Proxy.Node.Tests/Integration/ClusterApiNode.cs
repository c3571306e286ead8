using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A real node in-process with the cluster actor system a node runs (<see cref="ActorSystemFactory"/>,
/// a one-node cluster of its own) and Kestrel on free loopback ports: the API, and with
/// <c>management</c> a management listener too. Returns once the member is Up.
/// </summary>
public sealed class ClusterApiNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ActorSystem _system;

    private ClusterApiNode(WebApplication app, ActorSystem system, int apiPort, int? managementPort)
    {
        _app = app;
        _system = system;
        ApiPort = apiPort;
        ManagementPort = managementPort;
    }

    public int ApiPort { get; }

    /// <summary>The management listener's port, or null when the cluster routes are on the API listener.</summary>
    public int? ManagementPort { get; }

    /// <summary>Where the cluster routes are served: the management listener when there is one.</summary>
    public int ClusterPort => ManagementPort ?? ApiPort;

    public static async Task<ClusterApiNode> StartAsync(bool management, params string[] flags)
    {
        var apiPort = FreePort.Next();
        int? managementPort = management ? FreePort.Next() : null;
        var loaded = StaticConfigLoader.Load(
            [
                $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
                $"--api.address=127.0.0.1:{apiPort}",
                .. managementPort is { } port ? [$"--management.address=127.0.0.1:{port}"] : Array.Empty<string>(),
                "--log.level=WARN",
                .. flags,
            ],
            new Dictionary<string, string>());
        Assert.True(loaded.IsValid, loaded.RenderErrors());

        var system = ActorSystemFactory.Create(loaded.Config!);
        var app = NodeHost.Build(loaded.Config!, system);
        await app.StartAsync();
        var node = new ClusterApiNode(app, system, apiPort, managementPort);
        try
        {
            await Eventually.TrueAsync(
                async () => (await RawHttp.SendAsync(node.ClusterPort, "GET", "/ready", $"127.0.0.1:{node.ClusterPort}")).Status == 200,
                "the member Up (/ready 200)");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            await _system.Terminate();
        }
    }
}
