namespace Proxy.Node.Tests.Integration;

/// <summary>
/// RFC 9110 section 7.6.1: what a client names in Connection is for the first hop only. Sent raw, so
/// that the header lines arrive exactly as written (HttpClient would merge and reformat them).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ConnectionHeaderTests
{
    [Theory]
    [InlineData("Connection: X-Secret")]
    [InlineData("Connection: close, X-Secret")]
    [InlineData("Connection: X-Secret, close")]
    [InlineData("Connection: keep-alive, X-Secret")]
    [InlineData("Connection: Upgrade, X-Secret")]
    [InlineData("Connection: CLOSE ,\tx-secret")]
    [InlineData("Connection: close,,X-Secret,")]
    [InlineData("Connection: X-Other, close", "Connection: keep-alive, X-Secret")]
    [InlineData("Connection: close", "Connection: X-Secret")]
    [InlineData("Connection: X-Secret", "Connection: Upgrade")]
    public async Task Forwarding_ConnectionNamesHeader_HeaderNotForwarded(params string[] connection)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        Assert.Equal(200, await RawHttp.StatusOfGetAsync(node.WebPort, "/", [.. connection, "X-Secret: hop", "X-Other: hop", "X-Kept: end"]));

        var seen = Assert.Single(a.Received);
        Assert.False(seen.Headers.ContainsKey("X-Secret"), $"X-Secret reached the backend after {string.Join(" / ", connection)}");
        Assert.Equal("end", seen.Headers["X-Kept"]);
    }

    [Fact]
    public async Task Forwarding_FixedHopByHopHeaders_NotForwarded()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        Assert.Equal(200, await RawHttp.StatusOfGetAsync(node.WebPort, "/", "Proxy-Connection: keep-alive", "Keep-Alive: timeout=5", "TE: gzip", "Proxy-Authorization: Basic eDp5"));

        var seen = Assert.Single(a.Received);
        foreach (var name in new[] { "Proxy-Connection", "Keep-Alive", "TE", "Proxy-Authorization", "Connection" })
        {
            Assert.False(seen.Headers.ContainsKey(name), $"{name} reached the backend");
        }
    }

    [Fact]
    public async Task Forwarding_ConnectionNamesForwardedHeaderOfTrustedProxy_HeaderKept()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], ["--entrypoints.web.forwardedheaders.insecure"]);

        Assert.Equal(200, await RawHttp.StatusOfGetAsync(node.WebPort, "/", "Connection: close, X-Forwarded-For", "X-Forwarded-For: 1.2.3.4"));

        Assert.Equal("1.2.3.4, 127.0.0.1", Assert.Single(a.Received).Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Forwarding_ServerConnectionNamesHeader_HeaderNotPassedToClient()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        var response = await RawHttp.SendAsync(node.WebPort, "GET", "/hop", "app.example.test");

        Assert.Equal(200, response.Status);
        Assert.Equal("a", response.Headers[TestBackend.NameHeader]);
        Assert.False(response.Headers.ContainsKey("X-Internal"), "X-Internal, named in the server's Connection, reached the client");
    }
}
