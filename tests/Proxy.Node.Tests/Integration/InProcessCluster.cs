using System.Net;
using System.Text.Json;
using Akka.Cluster;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Three real nodes in one process and one Akka cluster: each composed as the binary composes it
/// (<see cref="NodeHost.Create"/>: cluster.hocon, our serializer, the seeds), with its web
/// entry point and API on free loopback ports. Only the first node has a provider (the file
/// provider, serving <c>yaml</c>); the others serve what the cluster shares. Cheaper than three
/// processes, and the request path, the backend actors and the shared health are the real ones.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    private readonly List<ProxyNode> _started = [];
    private readonly HashSet<int> _stopped = [];
    private readonly string _directory;

    /// <summary>One node as a client sees it: its web entry point, and a client of its API.</summary>
    public sealed record Member(int WebPort, HttpClient Api) : IDisposable
    {
        public void Dispose() => Api.Dispose();
    }

    private InProcessCluster(string directory)
    {
        _directory = directory;
    }

    private readonly List<Member> _nodes = [];

    public IReadOnlyList<Member> Nodes => _nodes;

    /// <summary>Each node's actor system, in the order of <see cref="Nodes"/>: for a test that talks to a node's actors.</summary>
    public IReadOnlyList<Akka.Actor.ActorSystem> Systems => [.. _started.Select(n => n.System)];

    /// <summary>Starts the nodes and returns once every one of them routes <paramref name="router"/> (without @file).</summary>
    public static Task<InProcessCluster> StartAsync(string yaml, string router, string[] extraFlags) =>
        StartAsync(yaml, router, _ => extraFlags);

    /// <summary>The seed's dynamic file: a test started with <c>watchFile</c> rewrites it to change the configuration.</summary>
    public string ConfigPath => Path.Combine(_directory, "dynamic.yml");

    /// <summary>
    /// As above, with flags of each node's own (by index, 0 the seed): its storage file, or an address that replaces its web
    /// entry point. With <paramref name="watchFile"/> the seed follows changes of <see cref="ConfigPath"/>.
    /// </summary>
    public static async Task<InProcessCluster> StartAsync(string yaml, string router, Func<int, string[]> extraFlags, bool watchFile = false)
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-cluster-").FullName;
        var cluster = new InProcessCluster(directory);
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, yaml);
            var seedPort = FreePort.Next();
            for (var i = 0; i < 3; i++)
            {
                string[] provider = i == 0 ? [$"--providers.file.filename={configPath}", $"--providers.file.watch={(watchFile ? "true" : "false")}"] : [];
                var (webPort, apiPort) = (FreePort.Next(), FreePort.Next());
                await cluster.StartAsync(webPort, apiPort,
                [
                    $"--entrypoints.web.address=127.0.0.1:{webPort}",
                    $"--api.address=127.0.0.1:{apiPort}",
                    $"--cluster.port={(i == 0 ? seedPort : 0)}",
                    $"--cluster.seeds=127.0.0.1:{seedPort}",
                    "--log.level=WARN",
                    .. provider,
                    .. extraFlags(i),
                ]);
            }

            foreach (var started in cluster._started)
            {
                await Eventually.TrueAsync(
                    () => Cluster.Get(started.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3, "three members Up", Formation);
            }

            foreach (var node in cluster._nodes)
            {
                await Eventually.TrueAsync(() => RoutesAsync(node, router), $"router {router} serving at :{node.WebPort}", Formation);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops one node (it leaves the cluster as on SIGTERM); the others keep running.</summary>
    public async Task StopAsync(int index)
    {
        if (_stopped.Add(index))
        {
            await _started[index].DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        for (var i = 0; i < _started.Count; i++)
        {
            await StopAsync(i);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<bool> RoutesAsync(Member node, string router)
    {
        using var response = await node.Api.GetAsync("/api/http/routers");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // "warning" serves too: a router whose certificate resolver's first order failed while the cluster formed
        // (the CA reached a node that had not joined yet) shows the failure on every node and serves the default certificate.
        return json.RootElement.EnumerateArray().Any(r => r.GetProperty("name").GetString() == $"{router}@file"
            && r.GetProperty("status").GetString() is "enabled" or "warning");
    }

    private async Task StartAsync(int webPort, int apiPort, string[] flags)
    {
        var loaded = StaticConfigLoader.Load(flags, new Dictionary<string, string>());
        Assert.True(loaded.IsValid, loaded.RenderErrors());
        var node = NodeHost.Create(loaded.Config!);
        _started.Add(node);
        await node.StartAsync();
        _nodes.Add(new Member(webPort, TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"))));
    }
}
