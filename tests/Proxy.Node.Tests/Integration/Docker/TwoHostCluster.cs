using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Three proxy-node processes in one cluster on 127.0.0.1: node1 (the seed) watches daemon A, node2
/// daemon B, node3 no Docker host. Each daemon runs two nginx containers (host network, each on its
/// own 127.0.0.x address and port) that are the two servers of one service with its own Host rule.
/// Disposing removes every container it started (by name, on its daemon) and ends every node (by PID).
/// </summary>
internal sealed class TwoHostCluster : IAsyncDisposable
{
    public static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    private readonly List<(string Endpoint, string Name)> _containers = [];

    private TwoHostCluster(string id, int seedPort, string[] node1Extra, string[] node2Extra, string[] node3Extra)
    {
        Id = id;
        Node1 = new ClusterMember("node1", seedPort, seedPort, DockerCli.Endpoint, node1Extra);
        Node2 = new ClusterMember("node2", FreePort.Next(), seedPort, DockerCli.EndpointB, node2Extra);
        Node3 = new ClusterMember("node3", FreePort.Next(), seedPort, null, node3Extra);
    }

    /// <summary>Unique per test, in container names, routers and services: leftovers of another run never collide.</summary>
    public string Id { get; }

    public ClusterMember Node1 { get; }

    public ClusterMember Node2 { get; }

    public ClusterMember Node3 { get; }

    public IReadOnlyList<ClusterMember> Nodes => [Node1, Node2, Node3];

    public string HostA => $"a-{Id}.localhost";

    public string HostB => $"b-{Id}.localhost";

    public string ServiceA => $"a{Id}@docker";

    public string ServiceB => $"b{Id}@docker";

    public IReadOnlyList<string> ContainersA { get; private set; } = [];

    public IReadOnlyList<string> ContainersB { get; private set; } = [];

    /// <summary>
    /// Starts the containers and the nodes (the seed first, so the others join at their first
    /// attempt) and returns once every node sees three members Up and routes both hosts to both of
    /// their containers. Extra flags per node, e.g. --cluster.removedgrace.
    /// </summary>
    public static async Task<TwoHostCluster> StartAsync(ITestOutputHelper output, string[]? node1Extra = null, string[]? node2Extra = null, string[]? node3Extra = null)
    {
        var cluster = new TwoHostCluster(Guid.NewGuid().ToString("N")[..8], FreePort.Next(), node1Extra ?? [], node2Extra ?? [], node3Extra ?? []);
        try
        {
            await cluster.StartAsync(output);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A URL for a container on <paramref name="address"/>: a port nothing listens on there right now.</summary>
    public static string NewUrl(string address) => $"http://{address}:{FreePort.Next(IPAddress.Parse(address))}";

    /// <summary>Runs nginx listening on <paramref name="url"/> on a daemon, with the given labels; it is removed when the cluster is disposed.</summary>
    public Task RunNginxAsync(string endpoint, string name, string url, int bigFileMiB, params string[] labels)
    {
        lock (_containers)
        {
            _containers.Add((endpoint, name));
        }

        return NginxContainer.RunOnAsync(endpoint, name, new Uri(url).Authority, bigFileMiB, labels);
    }

    /// <summary>Waits for a condition; on timeout the failure carries the end of every node's output.</summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Outputs()}", e);
        }
    }

    /// <summary>Waits until <paramref name="node"/> routes <paramref name="host"/> to every one of <paramref name="containers"/> (seen in the answers' X-Backend).</summary>
    public Task RoutesToAllAsync(ClusterMember node, string host, IReadOnlyList<string> containers, TimeSpan timeout)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return EventuallyAsync(
            async () =>
            {
                var (status, backend) = await node.GetAsync(host);
                if (status == HttpStatusCode.OK && backend is not null)
                {
                    seen.Add(backend);
                }

                return containers.All(seen.Contains);
            },
            $"{node.Name} to route {host} to each of {string.Join(", ", containers)} (seen: {string.Join(", ", seen)})",
            timeout);
    }

    /// <summary>The end of what every node printed, for failure messages.</summary>
    public string Outputs() => string.Join('\n', Nodes.Select(n => $"---- {n.Name} output (last 40 lines) ----\n{Tail(n.Output, 40)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        List<(string Endpoint, string Name)> containers;
        lock (_containers)
        {
            containers = [.. _containers];
        }

        foreach (var group in containers.GroupBy(c => c.Endpoint))
        {
            try
            {
                await DockerCli.DockerOnAsync(group.Key, ["rm", "-f", .. group.Select(c => c.Name)]);
            }
            catch (InvalidOperationException)
            {
                // A container that never got created is not there to remove; the others are gone.
            }
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private async Task StartAsync(ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        var a = Enumerable.Range(1, 2).Select(i => $"proxyc-{Id}-a{i}").ToArray();
        var b = Enumerable.Range(1, 2).Select(i => $"proxyc-{Id}-b{i}").ToArray();
        ContainersA = a;
        ContainersB = b;
        await Task.WhenAll(
            RunServerAsync(DockerCli.Endpoint, a[0], "127.0.0.61", "a"),
            RunServerAsync(DockerCli.Endpoint, a[1], "127.0.0.62", "a"),
            RunServerAsync(DockerCli.EndpointB, b[0], "127.0.0.63", "b"),
            RunServerAsync(DockerCli.EndpointB, b[1], "127.0.0.64", "b"));
        var containersRunning = clock.Elapsed;

        // The others start once the seed's cluster transport listens: a join attempt sent to a port
        // nobody listens on yet would gate the association for seconds, while one that arrives before
        // the seed has joined itself is simply repeated a second later.
        Node1.Start();
        await EventuallyAsync(() => ListensAsync(Node1.ClusterPort), "node1's (the seed's) cluster port to listen", Formation);
        var seedUp = clock.Elapsed;
        Node2.Start();
        Node3.Start();
        foreach (var node in Nodes)
        {
            await EventuallyAsync(async () => await node.UpCountAsync() == 3, $"{node.Name} to see three members Up", Formation);
        }

        var formed = clock.Elapsed;

        foreach (var node in Nodes)
        {
            await RoutesToAllAsync(node, HostA, ContainersA, Formation);
            await RoutesToAllAsync(node, HostB, ContainersB, Formation);
        }

        output.WriteLine(
            $"cluster {Id}: containers running {containersRunning.TotalSeconds:F1} s, seed listening {seedUp.TotalSeconds:F1} s, "
            + $"three members Up on every node {formed.TotalSeconds:F1} s, every node routing both hosts {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private Task RunServerAsync(string endpoint, string name, string address, string service)
    {
        var url = NewUrl(address);
        return RunNginxAsync(endpoint, name, url, 0,
            $"proxy.http.routers.{service}{Id}.rule=Host(`{service}-{Id}.localhost`)",
            $"proxy.http.routers.{service}{Id}.service={service}{Id}",
            $"proxy.http.services.{service}{Id}.loadbalancer.server.url={url}");
    }
}
