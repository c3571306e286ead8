using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>redirectScheme through real nodes: Traefik's codes, the URL comparison, the chain's order, bad values.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RedirectSchemeTests
{
    private static string Config(string backendUrl, string middlewares) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    redirected:\n"
        + "      rule: \"PathPrefix(`/old`)\"\n"
        + "      service: app\n"
        + "      middlewares: [toHttps]\n"
        + "    stripThenRedirect:\n"
        + "      rule: \"PathPrefix(`/strip`)\"\n"
        + "      service: app\n"
        + "      middlewares: [strip, toHttps]\n"
        + "    redirectThenStrip:\n"
        + "      rule: \"PathPrefix(`/late`)\"\n"
        + "      service: app\n"
        + "      middlewares: [toHttps, stripLate]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    strip:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/strip\"]\n"
        + "    stripLate:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/late\"]\n"
        + middlewares;

    private const string ToHttps =
        "    toHttps:\n"
        + "      redirectScheme:\n"
        + "        scheme: https\n";

    [DockerFact(Timeout = 180_000)]
    public Task RedirectScheme_FromLabelsAndFromYaml_SameRedirects() =>
        BothProviders.CheckAsync(
            "redirectScheme:\n  scheme: https\n  port: \"8443\"\n  permanent: true\n",
            ["redirectscheme.scheme=https", "redirectscheme.port=8443", "redirectscheme.permanent=true"],
            async target =>
            {
                using var get = await target.GetAsync("/a/b?c=d");
                Assert.Equal(HttpStatusCode.MovedPermanently, get.StatusCode);
                Assert.Equal($"https://{target.Host}:8443/a/b?c=d", get.Headers.Location?.OriginalString);

                using var post = await target.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new StringContent("x") });
                Assert.Equal(HttpStatusCode.PermanentRedirect, post.StatusCode);
                Assert.Equal($"https://{target.Host}:8443/form", post.Headers.Location?.OriginalString);
            });

    [Fact]
    public async Task RedirectScheme_PlainRequest_TemporaryRedirectToSchemeDefaultPortAndBackendNotReached()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, ToHttps), "app", "redirected");
        backend.ResetCounts();

        using var get = await Send(node, HttpMethod.Get, "/old/x%2Fy?q=1", "site.example:8000");
        using var put = await Send(node, HttpMethod.Put, "/old", "site.example");

        Assert.Equal(HttpStatusCode.Found, get.StatusCode);
        // The path as the client sent it, encoded slash kept, and the port dropped: https on its own port.
        Assert.Equal("https://site.example/old/x%2Fy?q=1", get.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, put.StatusCode);
        Assert.Empty(backend.Received);
    }

    [Fact]
    public async Task RedirectScheme_AlreadyOnTargetSchemeAndPort_Forwarded()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var sameScheme = "    toHttps:\n      redirectScheme:\n        scheme: http\n        port: \"8000\"\n";
        await using var node = await TestNode.StartAsync(Config(backend.Url, sameScheme), "app", "redirected");

        using var same = await Send(node, HttpMethod.Get, "/old", "site.example:8000");
        using var other = await Send(node, HttpMethod.Get, "/old", "site.example:9000");

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Found, other.StatusCode);
        Assert.Equal("http://site.example:8000/old", other.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RedirectScheme_ForwardedProtoFromTrustedProxyOnly_Honoured()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var trusting = await TestNode.StartAsync(
            Config(backend.Url, ToHttps), ["app", "redirected"], ["--entrypoints.web.forwardedHeaders.trustedIPs=127.0.0.1"]);
        await using var untrusting = await TestNode.StartAsync(Config(backend.Url, ToHttps), "app", "redirected");

        using var viaProxy = await Send(trusting, HttpMethod.Get, "/old", "site.example", forwardedProto: "https");
        using var forged = await Send(untrusting, HttpMethod.Get, "/old", "site.example", forwardedProto: "https");

        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.Equal(HttpStatusCode.Found, forged.StatusCode);
    }

    [Fact]
    public async Task RedirectScheme_InChain_SeesThePathAsTheMiddlewaresBeforeItLeftIt()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, ToHttps), "app", "stripThenRedirect", "redirectThenStrip");

        using var stripped = await Send(node, HttpMethod.Get, "/strip/page", "site.example");
        using var notYet = await Send(node, HttpMethod.Get, "/late/page", "site.example");

        Assert.Equal("https://site.example/page", stripped.Headers.Location?.OriginalString);
        Assert.Equal("https://site.example/late/page", notYet.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RedirectScheme_HostNotAHostName_BadRequestNoLocation()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, ToHttps), "app", "redirected");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/old");
        request.Headers.TryAddWithoutValidation("Host", "evil.example@good.example");
        using var response = await node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("scheme: \"ht tp\"", "redirectScheme.scheme", "is not a URL scheme")]
    [InlineData("scheme: https\n        port: \"70000\"", "redirectScheme.port", "is not a port")]
    [InlineData("permanent: true", "redirectScheme.scheme", "is required")]
    public async Task RedirectScheme_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var bad = $"    toHttps:\n      redirectScheme:\n        {options}\n";
        await using var node = await TestNode.StartAsync(Config(backend.Url, bad), "app");

        await MiddlewareErrors.WaitForAsync(node.Api, "toHttps@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "redirected@file"));
        Assert.Equal(HttpStatusCode.OK, (await Send(node, HttpMethod.Get, "/other", "site.example")).StatusCode);
    }

    private static Task<HttpResponseMessage> Send(TestNode node, HttpMethod method, string target, string host, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(method, target) { Headers = { Host = host } };
        if (forwardedProto is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwardedProto);
        }

        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent("body");
        }

        return node.Client.SendAsync(request);
    }
}
