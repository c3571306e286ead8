namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class HealthCheckTests
{
    [Fact]
    public async Task ActiveHealthCheck_BackendUnhealthyThenHealthy_DownWithoutTrafficThenUpWithTraffic()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), loadBalancerExtra: Yaml.HealthCheck), "app");
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", b.Url) == "UP", "b UP at start");

        b.Healthy = false;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", b.Url) == "DOWN", "b DOWN");
        b.ResetCounts();
        a.ResetCounts();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("a", await node.Client.GetStringAsync("/"));
        }

        Assert.Equal(0, b.Requests);
        Assert.Equal(20, a.Requests);

        b.Healthy = true;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", b.Url) == "UP", "b UP again");
        for (var i = 0; i < 20; i++)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        Assert.Equal(10, b.Requests);
    }
}
