namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The other half of <see cref="ClientFailureHealthTests"/>: what the server did still counts.
/// More failures than the passive health check's threshold take the failing server out, with the
/// failure named in the API's reason.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ServerFailureHealthTests
{
    [Theory]
    [InlineData("/", "Request")]
    [InlineData("/big?size=2000000&abortAfter=100000", "ResponseBodyDestination")]
    [InlineData("/slow?ms=5000", "RequestTimedOut")]
    public async Task PassiveHealth_ServerCausedFailures_ServerEjected(string path, string error)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        // Refused connections come from a port nobody listens on; the others from a live server misbehaving.
        var failing = path == "/" ? FreePort.ClosedUrl(4) : a.Url;
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(failing), loadBalancerExtra: ClientFailureHealthTests.PassiveHealth), ["app"], ClientFailureHealthTests.ShortTimeout);

        for (var i = 0; i < 2; i++)
        {
            try
            {
                using var response = await node.Client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
            }
            catch (HttpRequestException)
            {
                // The body cut off mid-way: what a client of a server that died sees.
            }
        }

        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", failing) == "DOWN", $"{failing} ejected");
        using var json = await node.GetApiJsonAsync("/api/http/services/app@file");
        var server = json.RootElement.GetProperty("servers")[0];
        Assert.Contains($"ejected after 2 failed request(s): {error}", server.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, server.GetProperty("failures").GetInt64());
    }
}
