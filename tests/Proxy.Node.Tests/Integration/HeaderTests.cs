namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class HeaderTests
{
    private static string Config(string backendUrl, bool passHostHeader) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    strip:\n"
        + "      rule: \"PathPrefix(`/strip`)\"\n"
        + "      service: app\n"
        + "      middlewares: [strip]\n"
        + "    add:\n"
        + "      rule: \"PathPrefix(`/add`)\"\n"
        + "      service: app\n"
        + "      middlewares: [add]\n"
        + "    tagged:\n"
        + "      rule: \"PathPrefix(`/tagged`)\"\n"
        + "      service: app\n"
        + "      middlewares: [tag]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + $"        passHostHeader: {(passHostHeader ? "true" : "false")}\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    strip:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/strip\"]\n"
        + "    add:\n"
        + "      addPrefix:\n"
        + "        prefix: /api\n"
        + "    tag:\n"
        + "      headers:\n"
        + "        customRequestHeaders:\n"
        + "          X-Request-Tag: added\n"
        + "        customResponseHeaders:\n"
        + "          X-Response-Tag: added\n";

    private static async Task<ReceivedRequest> SendAsync(TestNode node, TestBackend backend, HttpRequestMessage request)
    {
        backend.ResetCounts();
        using var response = await node.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Assert.Single(backend.Received);
    }

    [Fact]
    public async Task Forwarding_PlainRequest_ForwardedHeadersArriveAndHopByHopDoNot()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader: true), "app", "strip", "add", "tagged");
        var request = new HttpRequestMessage(HttpMethod.Get, "/plain");
        request.Headers.Host = "app.example.test";
        request.Headers.Connection.Add("X-Custom");
        request.Headers.TryAddWithoutValidation("X-Custom", "hop");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");

        var seen = await SendAsync(node, a, request);

        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        Assert.Equal("app.example.test", seen.Headers["X-Forwarded-Host"]);
        Assert.False(seen.Headers.ContainsKey("Keep-Alive"), "Keep-Alive reached the backend");
        Assert.False(seen.Headers.ContainsKey("X-Custom"), "a header named by Connection reached the backend");
        Assert.False(seen.Headers.TryGetValue("Connection", out var connection) && connection.Contains("X-Custom", StringComparison.OrdinalIgnoreCase), "Connection reached the backend");
    }

    [Fact]
    public async Task Forwarding_ConnectionNamesInvalidHeaderName_StillForwarded()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader: true), "app", "strip", "add", "tagged");
        var request = new HttpRequestMessage(HttpMethod.Get, "/plain");
        request.Headers.TryAddWithoutValidation("Connection", "bad/name, X-Other");

        var seen = await SendAsync(node, a, request);

        Assert.Equal("/plain", seen.Path);
    }

    [Fact]
    public async Task StripPrefix_PrefixedPath_BackendSeesRest()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader: true), "app", "strip", "add", "tagged");

        var seen = await SendAsync(node, a, new HttpRequestMessage(HttpMethod.Get, "/strip/rest?q=1"));

        Assert.Equal("/rest?q=1", seen.Path);
        Assert.Equal("/strip", seen.Headers["X-Forwarded-Prefix"]);
    }

    [Fact]
    public async Task AddPrefix_Path_BackendSeesPrefixedPath()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader: true), "app", "strip", "add", "tagged");

        var seen = await SendAsync(node, a, new HttpRequestMessage(HttpMethod.Get, "/add/x"));

        Assert.Equal("/api/add/x", seen.Path);
    }

    [Fact]
    public async Task HeadersMiddleware_Request_AddsRequestAndResponseHeaders()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader: true), "app", "strip", "add", "tagged");
        a.ResetCounts();

        using var response = await node.Client.GetAsync("/tagged");

        response.EnsureSuccessStatusCode();
        Assert.Equal("added", response.Headers.GetValues("X-Response-Tag").Single());
        Assert.Equal("added", Assert.Single(a.Received).Headers["X-Request-Tag"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PassHostHeader_Setting_DecidesHostBackendSees(bool passHostHeader)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url, passHostHeader), "app", "strip", "add", "tagged");
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "app.example.test";

        var seen = await SendAsync(node, a, request);

        Assert.Equal(passHostHeader ? "app.example.test" : $"{a.Address}:{a.Port}", seen.Host);
    }

    [Fact]
    public async Task Forward_Utf8HeaderValue_ReachesTheServerAsSent()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        await using var client = await RawClient.ConnectAsync(node.WebPort);

        await client.SendAsync([.. System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: app\r\nX-Name: "), .. System.Text.Encoding.UTF8.GetBytes("café €"), .. "\r\n\r\n"u8]);

        Assert.Equal(200, await client.ReadStatusAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("café €", Assert.Single(a.Received).Headers["X-Name"]);
    }

    [Fact]
    public async Task Forwarding_HeadersMiddlewareNamesHeaderOfEitherCollection_ServedWithHeadersSet()
    {
        // Content-Type is a content header, Authorization a request header: setting or removing either
        // threw "Misused header name" on a request without a body or with one, answering every such request 400.
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = "http:\n"
            + "  routers:\n"
            + "    app:\n"
            + "      rule: \"PathPrefix(`/`)\"\n"
            + "      service: app\n"
            + "      middlewares: [both]\n"
            + "  services:\n"
            + "    app:\n"
            + "      loadBalancer:\n"
            + Yaml.Servers(a.Url)
            + "  middlewares:\n"
            + "    both:\n"
            + "      headers:\n"
            + "        customRequestHeaders:\n"
            + "          Content-Type: text/set\n"
            + "          Authorization: \"\"\n";
        await using var node = await TestNode.StartAsync(yaml, "app");

        using var get = new HttpRequestMessage(HttpMethod.Get, "/get");
        get.Headers.Host = "app.example.test";
        get.Headers.TryAddWithoutValidation("Authorization", "Basic eDp5");
        var seenGet = await SendAsync(node, a, get);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/post") { Content = new StringContent("body") };
        post.Headers.Host = "app.example.test";
        post.Headers.TryAddWithoutValidation("Authorization", "Basic eDp5");
        var seenPost = await SendAsync(node, a, post);

        Assert.False(seenGet.Headers.ContainsKey("Authorization"));
        Assert.False(seenPost.Headers.ContainsKey("Authorization"));
        Assert.Equal("text/set", seenPost.Headers["Content-Type"]);
    }
}
