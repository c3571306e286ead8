using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// A router to an internal service runs its middlewares like any other: whoami echoes the request's
/// credentials and cookies, so an allow-list or an auth on its router must hold.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class InternalServiceChainTests
{
    private const string Bob = "bob:$apr1$N8FA/1pm$noVbxAxgXIMuZu0f2jw2F0";

    private static string Config(string middleware) =>
        "http:\n  routers:\n    who:\n      rule: \"PathPrefix(`/who`)\"\n      service: whoami@internal\n      middlewares: [guard, strip]\n"
        + "  middlewares:\n    guard:\n" + middleware
        + "    strip:\n      stripPrefix:\n        prefixes: [\"/who\"]\n";

    [Fact]
    public async Task InternalService_IpAllowListRefusingTheClient_403WithoutTheEcho()
    {
        await using var node = await TestNode.StartAsync(Config("      ipAllowList:\n        sourceRange: [\"10.0.0.0/8\"]\n"), "who");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/who/secret");
        request.Headers.TryAddWithoutValidation("Cookie", "session=s3cret");
        using var response = await node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("s3cret", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("[guard, strip]")]
    [InlineData("[guard, strip, wrapping]")]
    public async Task InternalService_HeadersCustomRequestHeaders_WhoamiEchoesTheRequestAsTheChainLeftIt(string chain)
    {
        var headers = "      headers:\n        customRequestHeaders:\n          X-Added: by-the-proxy\n          X-Removed: \"\"\n"
            + "        customResponseHeaders:\n          X-Served: whoami\n";
        // A chain of rewrites only, and one with a middleware that wraps the rest (the internal service is then the chain's end).
        var yaml = Config(headers).Replace("[guard, strip]", chain, StringComparison.Ordinal)
            + "    wrapping:\n      ipAllowList:\n        sourceRange: [\"127.0.0.1/32\"]\n";
        await using var node = await TestNode.StartAsync(yaml, "who");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/who/echo");
        request.Headers.TryAddWithoutValidation("X-Removed", "from-the-client");
        request.Headers.TryAddWithoutValidation("X-Added", "from-the-client");
        using var response = await node.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("X-Added: by-the-proxy", body);
        Assert.DoesNotContain("from-the-client", body);
        Assert.DoesNotContain("X-Removed", body);
        Assert.Equal("whoami", string.Join(",", response.Headers.GetValues("X-Served")));
    }

    [Fact]
    public async Task InternalService_BasicAuth_401WithoutCredentialsEchoWithThemAtTheRewrittenPath()
    {
        await using var node = await TestNode.StartAsync(Config($"      basicAuth:\n        users: [\"{Bob}\"]\n"), "who");

        using var refused = await node.Client.GetAsync("/who/secret");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who/secret");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:secret-b")));
        using var served = await node.Client.SendAsync(request);
        var body = await served.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("Router: who@file", body);
        // The path as the chain left it, as a server behind stripPrefix would see it.
        Assert.Contains("GET /secret ", body);
    }
}
