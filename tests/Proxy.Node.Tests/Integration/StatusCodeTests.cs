using System.Net;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class StatusCodeTests
{
    [Fact]
    public async Task Request_NoRouterMatches_404()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml =
            "http:\n  routers:\n    app:\n      rule: \"PathPrefix(`/app`)\"\n      service: app\n"
            + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(a.Url);
        await using var node = await TestNode.StartAsync(yaml, "app");

        using var response = await node.Client.GetAsync("/elsewhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, a.Requests);
    }

    [Fact]
    public async Task Request_AllServersDown_503()
    {
        var health = "        healthCheck:\n          path: /health\n          interval: 200ms\n          timeout: 150ms\n";
        var dead = FreePort.ClosedUrl(4);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(dead), loadBalancerExtra: health), "app");
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", dead) == "DOWN", "the dead server DOWN");

        using var response = await node.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Request_AllAttemptsFail_502()
    {
        var yaml = Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), FreePort.ClosedUrl(5)), Yaml.Retry3, "retry");
        await using var node = await TestNode.StartAsync(yaml, "app");

        for (var i = 0; i < 4; i++)
        {
            using var response = await node.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
    }

    [Fact]
    public async Task Request_DeadServerWithoutRetry_502()
    {
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4))), "app");

        using var response = await node.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task Request_BackendSilentLongerThanTimeout_504()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"],
            ["--serverstransport.forwardingtimeouts.responseheadertimeout=300ms"]);

        using var slow = await node.Client.GetAsync("/slow?ms=3000");
        using var quick = await node.Client.GetAsync("/slow?ms=10");

        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
    }
}
