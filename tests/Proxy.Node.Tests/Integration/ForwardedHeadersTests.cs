namespace Proxy.Node.Tests.Integration;

/// <summary>
/// What a backend learns of the client through the forwarded headers, for clients the entry point
/// trusts (entrypoints.web.forwardedheaders) and for those it does not. The node's client is 127.0.0.1.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ForwardedHeadersTests
{
    // Headers a client forges to pass for someone else, each in the spelling a backend may read.
    private static readonly string[] Forged =
    [
        "X-Forwarded-For: 1.2.3.4",
        "X-Real-Ip: 1.2.3.4",
        "X-Forwarded-Proto: https",
        "X-Forwarded-Host: admin.example.test",
        "X-Forwarded-Port: 443",
        "X-Forwarded-Prefix: /admin",
        "X-Forwarded-Uri: /admin",
        "X-Forwarded-Method: DELETE",
        "X-Forwarded-Tls-Client-Cert: forged",
        "Forwarded: for=1.2.3.4;proto=https",
        "X-Original-URL: /admin",
        "X-Rewrite-URL: /admin",
        "X_Forwarded_For: 1.2.3.4",
    ];

    private static async Task<ReceivedRequest> SendAsync(TestNode node, TestBackend backend, params string[] headerLines)
    {
        backend.ResetCounts();
        Assert.Equal(200, await RawHttp.StatusOfGetAsync(node.WebPort, "/whoami", headerLines));
        return Assert.Single(backend.Received);
    }

    [Fact]
    public async Task Forwarding_UntrustedClientForgesForwardedHeaders_BackendSeesOnlyTheNodes()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        var seen = await SendAsync(node, a, Forged);

        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("127.0.0.1", seen.Headers["X-Real-Ip"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        Assert.Equal("app.example.test", seen.Headers["X-Forwarded-Host"]);
        Assert.Equal(node.WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), seen.Headers["X-Forwarded-Port"]);
        foreach (var name in new[] { "X-Forwarded-Prefix", "X-Forwarded-Uri", "X-Forwarded-Method", "X-Forwarded-Tls-Client-Cert", "Forwarded", "X-Original-URL", "X-Rewrite-URL", "X_Forwarded_For" })
        {
            Assert.False(seen.Headers.ContainsKey(name), $"{name}: {seen.Headers.GetValueOrDefault(name)} reached the backend");
        }
    }

    [Fact]
    public async Task Forwarding_ClientOutsideTrustedIps_ForwardedHeadersReplaced()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], ["--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/8,fd00::/8"]);

        var seen = await SendAsync(node, a, Forged);

        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.False(seen.Headers.ContainsKey("Forwarded"), "Forwarded reached the backend");
    }

    [Theory]
    [InlineData("--entrypoints.web.forwardedheaders.trustedips=127.0.0.1")]
    [InlineData("--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/8,127.0.0.0/8")]
    [InlineData("--entrypoints.web.forwardedheaders.insecure")]
    public async Task Forwarding_TrustedProxy_ForwardedHeadersKeptAndExtended(string flag)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], [flag]);

        var seen = await SendAsync(
            node,
            a,
            "X-Forwarded-For: 1.2.3.4",
            "X-Forwarded-For: 5.6.7.8, 9.9.9.9",
            "X-Real-Ip: 1.2.3.4",
            "X-Forwarded-Proto: https",
            "X-Forwarded-Host: shop.example.test",
            "X-Forwarded-Port: 443",
            "Forwarded: for=1.2.3.4");

        // Every line, in order, then the peer: the chain a later allow-list reads from the right.
        Assert.Equal("1.2.3.4, 5.6.7.8, 9.9.9.9, 127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("1.2.3.4", seen.Headers["X-Real-Ip"]);
        Assert.Equal("https", seen.Headers["X-Forwarded-Proto"]);
        Assert.Equal("shop.example.test", seen.Headers["X-Forwarded-Host"]);
        Assert.Equal("443", seen.Headers["X-Forwarded-Port"]);
        Assert.Equal("for=1.2.3.4", seen.Headers["Forwarded"]);
    }

    [Fact]
    public async Task Forwarding_TrustedProxyWithoutForwardedHeaders_NodeSetsItsOwn()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)), ["app"], ["--entrypoints.web.forwardedheaders.insecure=true"]);

        var seen = await SendAsync(node, a);

        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("127.0.0.1", seen.Headers["X-Real-Ip"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
    }
}
