using System.Net;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class RetryTests
{
    [Fact]
    public async Task Retry_GetToDeadServer_RetriedOnLiveOne()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), Yaml.Retry3, "retry"), "app");

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("live", await node.Client.GetStringAsync("/"));
        }

        Assert.Equal(6, live.Requests);
    }

    [Fact]
    public async Task Retry_PostToDeadServer_NotRetried502()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), Yaml.Retry3, "retry"), "app");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await node.Client.PostAsync("/", new StringContent("payload"));
            statuses.Add(response.StatusCode);
        }

        // Round robin sends every other POST to the dead server, and those are not retried.
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.BadGateway));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, live.Requests);
    }
}
