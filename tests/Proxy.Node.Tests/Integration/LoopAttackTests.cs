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
    /// Without the node's CDN-Loop entry the chain grew until the client gave up (about 10,000 hops in 16 s on a loaded 2-core
    /// machine, each a connection into the node and one out of it): an untrusted client's X-Forwarded-For is replaced,
    /// not appended to, so no header limit ended it.
    /// </summary>
    [Fact]
    public async Task Forward_ServerIsTheNodeItself_LoopDetectedAfterTenPasses()
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        var self = $"http://127.0.0.1:{node.WebPort}";
        await node.WriteConfigAsync(Yaml.SingleRoute(Yaml.Servers(self)));
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", self) is not null, "the node as its own server");

        var clock = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await node.Client.GetAsync("/", bound.Token);
        Assert.Equal((HttpStatusCode)508, response.StatusCode);

        // A request is counted when it ends: the client's, and the ten passes through the node behind it.
        var total = 0L;
        await Eventually.TrueAsync(
            async () =>
            {
                var before = total;
                total = await TotalAsync(node);
                return total > 0 && total == before;
            },
            "the router's count to settle");
        output.WriteLine($"508 after {clock.Elapsed.TotalSeconds:0.0} s; the router counted {total} requests");
        Assert.Equal(1 + ViaPasses, total);
    }

    [Fact]
    public async Task Forward_ClientsOwnCdnLoop_KeptAndTheNodesAppendedViaUntouched()
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        backend.ResetCounts();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("CDN-Loop", "cdn-a; v=1");
        request.Headers.TryAddWithoutValidation("Via", "1.1 corporate-proxy (Squid)");

        using var response = await node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(backend.Received).Headers;
        Assert.Matches(@"^cdn-a; v=1, proxy-[0-9a-f]{12}$", seen["CDN-Loop"]);
        // No Via of the node's own: nginx takes a request with one for proxied and, by default, stops compressing it.
        Assert.Equal("1.1 corporate-proxy (Squid)", seen["Via"]);
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

    private const int ViaPasses = 10;

    private static async Task<long> TotalAsync(TestNode node)
    {
        using var json = await node.GetApiJsonAsync("/api/http/routers/app@file");
        return json.RootElement.GetProperty("requests").GetProperty("total").GetInt64();
    }
}
