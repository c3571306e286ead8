using System.Net;
using System.Security.Cryptography;

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

        // The first POST meets the dead server and is not retried; the refused connection then
        // holds that server out (the service has another), so the next POSTs all go to the live one.
        Assert.Equal(
            [HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            statuses);
        Assert.Equal(5, live.Requests);
    }

    [Theory]
    [InlineData(4 << 20)]
    [InlineData(64 << 10)]
    public async Task Retry_PutBodyToDeadServer_ReplayedByteExactOnLiveOne(int maxBodyBytes)
    {
        // 4 MiB buffers the 1 MiB body; 64 KiB leaves it unbuffered, replayable only because the dead server never read it.
        await using var live = await TestBackend.StartAsync("live", 2);
        var retry = $"    retry:\n      retry:\n        attempts: 3\n        initialInterval: 10ms\n        maxBodyBytes: {maxBodyBytes}\n";
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), retry, "retry"), "app");
        var data = new byte[1 << 20];
        new Random(maxBodyBytes).NextBytes(data);
        var expected = $"{data.Length}:{Convert.ToHexString(SHA256.HashData(data))}";

        for (var i = 0; i < 2; i++)
        {
            using var response = await node.Client.PutAsync("/upload", new ByteArrayContent(data));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, live.Requests);
    }
}
