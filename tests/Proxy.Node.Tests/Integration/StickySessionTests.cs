using System.Net;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Node.Tests.Integration;

/// <summary>Sticky sessions through a real node and real Kestrel backends: the cookie pins, health and retries repin.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class StickySessionTests
{
    private const string Sticky =
        "        sticky:\n"
        + "          cookie:\n"
        + "            name: lb\n"
        + "            httpOnly: true\n"
        + "            sameSite: lax\n";

    [Fact]
    public async Task Sticky_ClientSendsItsCookie_KeepsItsServer()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var c = await TestBackend.StartAsync("c", 4);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url, c.Url), loadBalancerExtra: Sticky), "app");
        using var client = CookielessClient(node);
        var backends = new Dictionary<string, string> { ["a"] = a.Url, ["b"] = b.Url, ["c"] = c.Url };

        var (first, firstCookie) = await GetAsync(client, null);
        Assert.Equal($"lb={StickyCookie.ValueOf(backends[first])}; Path=/; HttpOnly; SameSite=Lax", firstCookie);
        var cookie = firstCookie!.Split(';')[0];
        for (var i = 0; i < 30; i++)
        {
            var (backend, setCookie) = await GetAsync(client, cookie);
            Assert.Equal(first, backend);
            Assert.Null(setCookie);
        }
    }

    [Theory]
    [InlineData("lb=0123456789abcdef")]
    [InlineData("lb=../../etc/passwd")]
    [InlineData("other=1; lb=")]
    public async Task Sticky_ForgedCookie_NormalPickAndCookieRewritten(string forged)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), loadBalancerExtra: Sticky), "app");
        using var client = CookielessClient(node);

        var seen = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var (backend, setCookie) = await GetAsync(client, forged);
            seen.Add(backend);
            Assert.StartsWith($"lb={StickyCookie.ValueOf(backend == "a" ? a.Url : b.Url)};", setCookie);
        }

        // Round robin as without a cookie: a forged value chooses nothing.
        Assert.Equal(["a", "b"], seen.Order());
    }

    [Fact]
    public async Task Sticky_PinnedServerDown_RepinnedToAHealthyServer()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), loadBalancerExtra: Sticky + Yaml.HealthCheck), "app");
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", a.Url) == "UP" && await node.ServerStatusAsync("app", b.Url) == "UP", "both UP");
        using var client = CookielessClient(node);
        var toA = $"lb={StickyCookie.ValueOf(a.Url)}";
        Assert.Equal(("a", (string?)null), await GetAsync(client, toA));

        a.Healthy = false;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("app", a.Url) == "DOWN", "a DOWN");
        var (repinned, setCookie) = await GetAsync(client, toA);

        Assert.Equal("b", repinned);
        Assert.StartsWith($"lb={StickyCookie.ValueOf(b.Url)};", setCookie);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(("b", (string?)null), await GetAsync(client, setCookie!.Split(';')[0]));
        }
    }

    [Fact]
    public async Task Sticky_PinnedServerRefusesConnection_RetriedElsewhereAndAnswerCarriesItsCookie()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var other = await TestBackend.StartAsync("other", 3);
        var dead = FreePort.ClosedUrl(4);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(dead, live.Url, other.Url), Yaml.Retry3, "retry", loadBalancerExtra: Sticky), "app");
        using var client = CookielessClient(node);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", $"lb={StickyCookie.ValueOf(dead)}" } } };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = response.Headers.GetValues(TestBackend.NameHeader).Single();
        var servedUrl = served == "live" ? live.Url : other.Url;
        // One cookie, the one of the server that answered: never the refused one's.
        Assert.Equal($"lb={StickyCookie.ValueOf(servedUrl)}; Path=/; HttpOnly; SameSite=Lax", Assert.Single(response.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task Sticky_RequestActorForEveryRequest_PinsAndRetriesElsewhereWithTheNewCookie()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        var dead = FreePort.ClosedUrl(4);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(dead, a.Url, b.Url), Yaml.Retry3, "retry", loadBalancerExtra: Sticky),
            ["app"],
            ["--requests.actormode=always"]);
        using var client = CookielessClient(node);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(("b", (string?)null), await GetAsync(client, $"lb={StickyCookie.ValueOf(b.Url)}"));
        }

        var (served, setCookie) = await GetAsync(client, $"lb={StickyCookie.ValueOf(dead)}");
        Assert.Equal($"lb={StickyCookie.ValueOf(served == "a" ? a.Url : b.Url)}; Path=/; HttpOnly; SameSite=Lax", setCookie);
    }

    [Fact]
    public async Task Sticky_EveryAttemptFails_ErrorCarriesNoCookie()
    {
        var dead = FreePort.ClosedUrl(4);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(dead), loadBalancerExtra: Sticky), "app");
        using var client = CookielessClient(node);

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), string.Join(", ", response.Headers.Select(h => h.Key)));
    }

    [Fact]
    public async Task Sticky_Off_ResponsesCarryNoCookie()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        using var client = CookielessClient(node);

        Assert.Equal(("a", (string?)null), await GetAsync(client, $"lb={StickyCookie.ValueOf(a.Url)}"));
    }

    private static HttpClient CookielessClient(TestNode node) =>
        new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = node.Client.BaseAddress };

    private static async Task<(string Backend, string? SetCookie)> GetAsync(HttpClient client, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (
            response.Headers.GetValues(TestBackend.NameHeader).Single(),
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Single() : null);
    }
}
