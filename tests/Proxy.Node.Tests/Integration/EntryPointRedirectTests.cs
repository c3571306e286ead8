using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Traefik's entry-point redirection through a real node: every request on web is sent to websecure's
/// port on the request's own host, and nothing an attacker puts in the request names another authority.
/// websecure is reached in plain HTTP here: the tests read the Location only (HttpsEntryPointTests follows one to HTTPS).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class EntryPointRedirectTests
{
    private static readonly IPAddress SecureAddress = IPAddress.Parse("127.0.0.32");

    private const string AppRouter =
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    urgent:\n"
        + "      rule: \"PathPrefix(`/urgent`)\"\n"
        + "      priority: 2147483647\n"
        + "      service: app\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n";

    [Fact]
    public async Task Redirect_PermanentToWebsecure_LocationOnRequestHostAndRawTarget()
    {
        await using var backend = await TestBackend.StartAsync("b", 31);
        // Another loopback address: the kernel may hand TestNode's web the same free port on 127.0.0.1.
        var securePort = FreePort.Next(SecureAddress);
        await using var node = await TestNode.StartAsync(AppRouter + Yaml.Servers(backend.Url), ["app", "urgent"],
        [
            $"--entrypoints.websecure.address={SecureAddress}:{securePort}",
            "--entrypoints.web.http.redirections.entrypoint.to=websecure",
        ]);

        var get = await RawHttp.SendAsync(node.WebPort, "GET", "/a/%2e%2e/b?x=1&y=%20z", "app.example.test:1234");
        Assert.Equal(301, get.Status);
        Assert.Equal($"https://app.example.test:{securePort}/a/%2e%2e/b?x=1&y=%20z", get.Headers["Location"]);

        var post = await RawHttp.SendAsync(node.WebPort, "POST", "/form", "app.example.test", formBody: "a=1");
        Assert.Equal(308, post.Status);
        Assert.Equal($"https://app.example.test:{securePort}/form", post.Headers["Location"]);

        var slashes = await RawHttp.SendAsync(node.WebPort, "GET", "//evil.example/x", "app.example.test");
        Assert.Equal($"https://app.example.test:{securePort}//evil.example/x", slashes.Headers["Location"]);

        // The router of the largest priority goes ahead of the redirection, as in Traefik.
        var urgent = await RawHttp.SendAsync(node.WebPort, "GET", "/urgent", "app.example.test");
        Assert.Equal(200, urgent.Status);

        // The target entry point itself routes as before.
        Assert.Equal(HttpStatusCode.OK, (await TestNode.NewClient(new Uri($"http://{SecureAddress}:{securePort}")).GetAsync("/served")).StatusCode);

        Assert.Equal(["/urgent", "/served"], backend.Received.Select(r => r.Path));
    }

    [Fact]
    public async Task Redirect_HostNamingAnotherAuthority_BadRequestNoLocation()
    {
        var securePort = FreePort.Next(SecureAddress);
        await using var node = await TestNode.StartAsync(AppRouter + Yaml.Servers("http://127.0.0.1:9"), ["app"],
        [
            $"--entrypoints.websecure.address={SecureAddress}:{securePort}",
            "--entrypoints.web.http.redirections.entrypoint.to=websecure",
        ]);

        // The control: a host name is redirected, so the refusals below come from the redirection.
        Assert.Equal(301, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "app.example.test")).Status);
        foreach (var host in (string[])["evil.example@app.example.test", "evil.example/x", "evil.example\\x", "app.example.test:80@evil.example", "evil.example?"])
        {
            var response = await RawHttp.SendAsync(node.WebPort, "GET", "/", host);

            Assert.True(response.Status == 400, $"Host {host}: {response.Status}");
            Assert.False(response.Headers.ContainsKey("Location"), $"Host {host}: Location {response.Headers.GetValueOrDefault("Location")}");
        }
    }

    [Fact]
    public async Task Redirect_AttackShapedRequests_NeverLocationOnAnotherAuthority()
    {
        await using var node = await TestNode.StartAsync(AppRouter + Yaml.Servers("http://127.0.0.1:9"), ["app"],
        [
            "--entrypoints.web.http.redirections.entrypoint.to=:443",
            "--entrypoints.web.http.redirections.entrypoint.permanent=false",
        ]);

        // Temporary: 302 for GET, 307 otherwise; the scheme's default port is left out.
        var get = await RawHttp.SendAsync(node.WebPort, "GET", "/p?q=1", "app.example.test:8000");
        Assert.Equal(302, get.Status);
        Assert.Equal("https://app.example.test/p?q=1", get.Headers["Location"]);
        Assert.Equal(307, (await RawHttp.SendAsync(node.WebPort, "DELETE", "/p", "app.example.test")).Status);

        // No Host at all (HTTP/1.0): nothing to redirect to.
        var noHost = await RawHttp.SendAsync(node.WebPort, "GET", "/", null);
        Assert.Equal(400, noHost.Status);
        Assert.Contains("no Host header", noHost.Body, StringComparison.Ordinal);

        // An absolute-form target's authority is never used: Kestrel refuses a mismatch, a match keeps only the path.
        var absolute = await RawHttp.SendAsync(node.WebPort, "GET", "http://evil.example/p", "app.example.test");
        Assert.True(absolute.Status == 400 || absolute.Headers["Location"] == "https://app.example.test/p", $"{absolute.Status} {absolute.Headers.GetValueOrDefault("Location")}");
        var matching = await RawHttp.SendAsync(node.WebPort, "GET", "http://app.example.test/p?x", "app.example.test");
        Assert.Equal("https://app.example.test/p?x", matching.Headers["Location"]);

        // A CR smuggled into the Host to add a header: Kestrel refuses the request before it is read.
        var smuggled = await RawHttp.SendAsync(node.WebPort, "GET", "/", "app.example.test\rLocation: https://evil.example");
        Assert.Equal(400, smuggled.Status);
        Assert.DoesNotContain("evil", smuggled.Headers.GetValueOrDefault("Location") ?? "", StringComparison.Ordinal);
    }
}
