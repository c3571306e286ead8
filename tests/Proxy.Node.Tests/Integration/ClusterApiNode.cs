using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A real node in-process, composed as the binary composes it (<see cref="NodeHost.Create"/>, a
/// one-node cluster of its own), with Kestrel on free loopback ports: the API, and with
/// <c>management</c> a management listener too. Returns once the member is Up.
/// </summary>
public sealed class ClusterApiNode : IAsyncDisposable
{
    private readonly ProxyNode _node;

    private ClusterApiNode(ProxyNode node, int apiPort, int? managementPort)
    {
        _node = node;
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

        var proxyNode = NodeHost.Create(loaded.Config!);
        var node = new ClusterApiNode(proxyNode, apiPort, managementPort);
        try
        {
            await proxyNode.StartAsync();
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

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
