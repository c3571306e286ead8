using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A service whose server is the node's own entry point (a container label <c>server.url</c> naming the node, or a
/// mirror pointing back at it): one client request must not become an unbounded chain of requests through the node.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class LoopAttackTests(ITestOutputHelper output)
{
    /// <summary>
    /// Open finding: the chain grows until the client gives up (about 10,000 hops in 16 s on a loaded 2-core machine,
    /// each a connection into the node and one out of it), then unwinds. See the attack report; kept as the repro.
    /// </summary>
    [Fact(Skip = "open finding: no loop detection for a server that is the node itself (one request, ~10,000 hops)")]
    public async Task Forward_ServerIsTheNodeItself_OneRequestMakesABoundedChain()
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        var self = $"http://127.0.0.1:{node.WebPort}";
        await node.WriteConfigAsync(Yaml.SingleRoute(Yaml.Servers(self)));
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", self) is not null, "the node as its own server");

        var clock = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string outcome;
        try
        {
            using var response = await node.Client.GetAsync("/", bound.Token);
            outcome = $"{(int)response.StatusCode}";
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            outcome = e.GetType().Name;
        }

        // A request is counted when it ends: once the client gave up, the chain behind it unwinds and is counted.
        var total = 0L;
        await Eventually.TrueAsync(
            async () =>
            {
                var before = total;
                total = await TotalAsync(node);
                return total > 0 && total == before;
            },
            "the router's count to settle");
        output.WriteLine($"{outcome} after {clock.Elapsed.TotalSeconds:0.0} s; the router counted {total} requests");
        Assert.True(total <= 100, $"one client request went through the router {total} times ({outcome} after {clock.Elapsed.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task Mirror_MirrorIsTheNodeItself_OneCopyReachesTheMainServiceOnce()
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        var self = $"http://127.0.0.1:{node.WebPort}";
        await node.WriteConfigAsync(
            "http:\n  routers:\n    app:\n      rule: \"PathPrefix(`/`)\"\n      service: shadowed\n"
            + "  services:\n"
            + "    shadowed:\n      mirroring:\n        service: main\n        mirrors:\n          - name: loop\n            percent: 100\n"
            + "    main:\n      loadBalancer:\n" + Yaml.Servers(backend.Url)
            + "    loop:\n      loadBalancer:\n" + Yaml.Servers(self));
        await Eventually.TrueAsync(
            async () =>
            {
                using var services = await node.GetApiJsonAsync("/api/http/services");
                return services.RootElement.GetRawText().Contains("loop@file", StringComparison.Ordinal);
            },
            "the node as its own mirror");
        var before = backend.Requests;

        using (var response = await node.Client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The client's request and its one copy (through the node, to the main service); without the mark, each copy
        // was copied again, over 15,000 in 5 s. The wait is the time a loop would have to show itself.
        await Eventually.TrueAsync(() => backend.Requests - before >= 2, "the copy through the node to reach the main service");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var served = backend.Requests - before;
        output.WriteLine($"one client request reached the main service {served} times");
        Assert.Equal(2, served);
    }

    private static async Task<long> TotalAsync(TestNode node)
    {
        using var json = await node.GetApiJsonAsync("/api/http/routers/app@file");
        return json.RootElement.GetProperty("requests").GetProperty("total").GetInt64();
    }
}
