using System.Net;
using Akka.Cluster;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// One node in process, composed as the binary composes it, whose cluster transport listens on its own
/// 127.0.0.x and the seed's port and which forms its cluster through <c>dns:&lt;name&gt;:&lt;port&gt;</c> at the test's dnsmasq.
/// </summary>
public sealed class FormingNode : IAsyncDisposable
{
    private FormingNode(ProxyNode node, IPAddress address, int apiPort)
    {
        Node = node;
        Address = address;
        Api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
    }

    public ProxyNode Node { get; }

    /// <summary>The node's own loopback address, on which its cluster transport listens: one of the name's A records.</summary>
    public IPAddress Address { get; }

    public HttpClient Api { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(Node.System);

    /// <summary>The flags of a node at <paramref name="address"/> forming through <paramref name="seed"/> at <paramref name="dns"/>.</summary>
    public static string[] Flags(IPAddress address, string seed, int port, IPEndPoint dns, int apiPort, TimeSpan stableMargin) =>
    [
        $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
        $"--api.address=127.0.0.1:{apiPort}",
        $"--cluster.hostname={address}",
        $"--cluster.port={port}",
        $"--cluster.seeds={seed}",
        $"--cluster.dns.server={dns}",
        $"--cluster.bootstrap.stablemargin={(int)stableMargin.TotalMilliseconds}ms",
        "--log.level=WARN",
    ];

    /// <summary>Composes the node (its formation starts with its actor system) and starts its web host.</summary>
    /// <param name="extra">Flags given after the usual ones.</param>
    public static async Task<FormingNode> StartAsync(IPAddress address, string seed, int port, IPEndPoint dns, TimeSpan stableMargin, params string[] extra)
    {
        var apiPort = FreePort.Next();
        var loaded = StaticConfigLoader.Load([.. Flags(address, seed, port, dns, apiPort, stableMargin), .. extra], new Dictionary<string, string>());
        Assert.True(loaded.IsValid, loaded.RenderErrors());
        var node = new FormingNode(NodeHost.Create(loaded.Config!), address, apiPort);
        await node.Node.StartAsync();
        return node;
    }

    /// <summary>The Up members this node sees, by address, and the leader it sees.</summary>
    public (string[] Up, string? Leader) View()
    {
        var state = Cluster.State;
        return ([.. state.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address.ToString()).Order(StringComparer.Ordinal)],
            state.Leader?.ToString());
    }

    public async Task<(HttpStatusCode Status, string Body)> ReadyAsync()
    {
        using var response = await Api.GetAsync("/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Node.DisposeAsync();
    }

    /// <summary>
    /// Waits until every node sees the same <paramref name="count"/> Up members, exactly the nodes' own
    /// addresses, and the same leader: one cluster. Two clusters never merge, so they end here as a timeout.
    /// </summary>
    public static async Task OneClusterAsync(IReadOnlyList<FormingNode> nodes, TimeSpan timeout)
    {
        var expected = nodes.Select(n => n.Cluster.SelfAddress.ToString()).Order(StringComparer.Ordinal).ToArray();
        try
        {
            await Eventually.TrueAsync(
                () =>
                {
                    var views = nodes.Select(n => n.View()).ToList();
                    return views.All(v => v.Up.SequenceEqual(expected) && v.Leader is not null && v.Leader == views[0].Leader);
                },
                $"one cluster of {nodes.Count}",
                timeout);
        }
        catch (TimeoutException e)
        {
            // What each node saw at the end: two clusters show as two groups of views.
            throw new TimeoutException(e.Message + ": " + string.Join("; ", nodes.Select(n => $"{n.Address} sees [{string.Join(", ", n.View().Up)}] leader {n.View().Leader}")), e);
        }
    }
}
