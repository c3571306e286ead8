namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class LoadBalancingTests
{
    [Fact]
    public async Task RoundRobin_TwoEqualBackends_Alternates()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url)), "app");

        var served = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            served.Add(await node.Client.GetStringAsync("/"));
        }

        for (var i = 1; i < served.Count; i++)
        {
            Assert.NotEqual(served[i - 1], served[i]);
        }

        Assert.Equal(50, a.Requests);
        Assert.Equal(50, b.Requests);
    }

    [Fact]
    public async Task RoundRobin_Weights3To1_Serves3To1()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.WeightedServers((a.Url, 3), (b.Url, 1))), "app");

        for (var i = 0; i < 400; i++)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        Assert.Equal(300, a.Requests);
        Assert.Equal(100, b.Requests);
    }
}
