using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Each <c>loadBalancer.strategy</c> through a real node and real backends, in a situation where it must do
/// what plain round robin cannot: a server that holds requests, clients that must keep their server, a slow server.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class LoadBalancingStrategyTests
{
    [Fact]
    public async Task P2c_OneBackendHoldsRequests_TheOtherServesAllMeanwhile()
    {
        await using var stuck = await TestBackend.StartAsync("stuck", 2);
        await using var free = await TestBackend.StartAsync("free", 3);
        stuck.ResponseDelay = TimeSpan.FromSeconds(5);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(stuck.Url, free.Url), loadBalancerExtra: "        strategy: p2c\n"), "app");

        // Requests go out one at a time until the stuck backend holds one; round robin would send it every other one.
        var sent = new List<Task<HttpResponseMessage>>();
        while (stuck.Requests == 0)
        {
            var request = node.Client.GetAsync("/");
            sent.Add(request);
            while (stuck.Requests == 0 && !request.IsCompleted)
            {
                await Task.WhenAny(request, Task.Delay(10));
            }
        }

        // Counted only while it holds that request: its one in flight against the free backend's none.
        var freeBefore = free.Requests;
        for (var i = 0; i < 10; i++)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        Assert.Equal((1, freeBefore + 10), (stuck.Requests, free.Requests));
        Assert.All(await Task.WhenAll(sent), response => response.EnsureSuccessStatusCode());
    }

    [Fact]
    public async Task Hrw_ClientsFromSeveralAddresses_EachKeepsOneServer()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var c = await TestBackend.StartAsync("c", 4);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url, c.Url), loadBalancerExtra: "        strategy: hrw\n"), "app");

        var servedBy = new Dictionary<int, HashSet<string>>();
        for (var octet = 20; octet < 30; octet++)
        {
            using var client = ClientFrom(IPAddress.Parse($"127.0.0.{octet}"), node.WebPort);
            servedBy[octet] = [];
            for (var i = 0; i < 10; i++)
            {
                servedBy[octet].Add(await client.GetStringAsync("/"));
            }
        }

        Assert.All(servedBy, entry => Assert.True(entry.Value.Count == 1, $"127.0.0.{entry.Key} was served by {string.Join(", ", entry.Value)}"));
        // Pinned by address, not all to one server: ten clients over three servers.
        Assert.True(servedBy.Values.Select(s => s.Single()).Distinct().Count() >= 2, "every client went to the same server");
    }

    [Fact]
    public async Task Hrw_UntrustedClientForgingXForwardedFor_KeyedByItsPeerAddress()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var c = await TestBackend.StartAsync("c", 4);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url, c.Url), loadBalancerExtra: "        strategy: hrw\n"), "app");

        // Keyed by the header, thirty addresses over three servers would land on more than one of them.
        using var client = ClientFrom(IPAddress.Parse("127.0.0.40"), node.WebPort);
        var servedBy = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            request.Headers.Add("X-Real-Ip", $"198.51.100.{i + 1}");
            request.Headers.Add("Forwarded", $"for=192.0.2.{i + 1}");
            using var response = await client.SendAsync(request);
            servedBy.Add(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        }

        Assert.Single(servedBy);
    }

    [Fact]
    public async Task LeastTime_FastAndSlowBackend_TheFastServesAlmostAll()
    {
        await using var slow = await TestBackend.StartAsync("slow", 2);
        await using var fast = await TestBackend.StartAsync("fast", 3);
        slow.ResponseDelay = TimeSpan.FromMilliseconds(500);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(slow.Url, fast.Url), loadBalancerExtra: "        strategy: leasttime\n"), "app");

        // Until both have answered once they tie, whichever is listed first: warm both, then measure.
        while (slow.Requests == 0 || fast.Requests == 0)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var (slowBefore, fastBefore) = (slow.Requests, fast.Requests);
        for (var i = 0; i < 40; i++)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        // The slow one's time to first byte keeps it out but for leasttime's occasional probe.
        var (slowServed, fastServed) = (slow.Requests - slowBefore, fast.Requests - fastBefore);
        Assert.Equal(40, slowServed + fastServed);
        Assert.True(slowServed <= 3, $"the slow backend got {slowServed} of 40");
    }

    /// <summary>A client whose connections come from <paramref name="source"/>, a loopback address of its own.</summary>
    private static HttpClient ClientFrom(IPAddress source, int port) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
}
