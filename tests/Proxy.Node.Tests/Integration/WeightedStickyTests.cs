using System.Net;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A weighted service's own sticky cookie through real nodes and real Kestrel backends: the cookie keeps a client on
/// one child of the split while other clients see the weights, forged and stale values are rewritten, and a child's
/// own server cookie works beside it.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class WeightedStickyTests
{
    private const string Cookie = "canary";

    private static readonly string ToV1 = $"{Cookie}={StickyCookie.ValueOf("v1@file")}";
    private static readonly string ToV2 = $"{Cookie}={StickyCookie.ValueOf("v2@file")}";

    [Fact]
    public async Task WeightedSticky_ClientWithCookie_StaysOnOneChildWhileClientsWithoutSeeTheSplit()
    {
        await using var v1 = await TestBackend.StartAsync("v1", 2);
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        await using var node = await TestNode.StartAsync(Split(3, 1, v1.Url, v2.Url), "app");
        using var client = CookielessClient(node.Client.BaseAddress!);

        // One round without a cookie: each answer pins its client to the child that gave it.
        var round = new List<Answer>();
        for (var i = 0; i < 4; i++)
        {
            round.Add(await GetAsync(client, null));
        }

        Assert.Equal(["v1", "v1", "v2", "v1"], round.Select(a => a.Backend));
        Assert.All(round, a => Assert.Equal([$"{(a.Backend == "v1" ? ToV1 : ToV2)}; Path=/; HttpOnly; SameSite=Lax"], a.SetCookies));

        // The minority child's client stays there for 50 requests, between requests of clients without a cookie.
        var cookie = round[2].SetCookies[0].Split(';')[0];
        var without = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var pinned = await GetAsync(client, cookie);
            Assert.Equal(("v2", 0), (pinned.Backend, pinned.SetCookies.Count));
            if (i < 48)
            {
                without.Add((await GetAsync(client, null)).Backend);
            }
        }

        // A pinned request takes no turn of the split: the others still get exactly 3:1.
        Assert.Equal((36, 12), (without.Count(b => b == "v1"), without.Count(b => b == "v2")));
        Assert.Equal((3 + 36, 1 + 12 + 50), (v1.Requests, v2.Requests));
        using var api = await node.GetApiJsonAsync("/api/http/services/app@file");
        var shown = api.RootElement.GetProperty("weighted").GetProperty("sticky").GetProperty("cookie");
        Assert.Equal((Cookie, true, "lax", "/"), (shown.GetProperty("name").GetString(), shown.GetProperty("httpOnly").GetBoolean(),
            shown.GetProperty("sameSite").GetString(), shown.GetProperty("path").GetString()));
    }

    [Theory]
    [InlineData("canary=0123456789abcdef")]
    [InlineData("canary=../../etc/passwd")]
    [InlineData("canary=")]
    [InlineData("other=1; canary=v2")]
    public async Task WeightedSticky_ForgedCookie_SplitByWeightAndGivenAValidCookie(string forged)
    {
        await using var v1 = await TestBackend.StartAsync("v1", 2);
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        await using var node = await TestNode.StartAsync(Split(1, 1, v1.Url, v2.Url), "app");
        using var client = CookielessClient(node.Client.BaseAddress!);

        var first = await GetAsync(client, forged);
        var second = await GetAsync(client, forged);

        // As without a cookie: the split chooses, and the answer names the child that gave it.
        Assert.Equal(["v1", "v2"], new[] { first.Backend, second.Backend });
        Assert.StartsWith($"{ToV1};", Assert.Single(first.SetCookies));
        Assert.StartsWith($"{ToV2};", Assert.Single(second.SetCookies));
        var valid = first.SetCookies[0].Split(';')[0];
        for (var i = 0; i < 5; i++)
        {
            var answer = await GetAsync(client, valid);
            Assert.Equal(("v1", 0), (answer.Backend, answer.SetCookies.Count));
        }
    }

    [Fact]
    public async Task WeightedSticky_ChildWithItsOwnStickyCookie_TwoCookiesEachKeepingItsChoice()
    {
        await using var a1 = await TestBackend.StartAsync("a1", 2);
        await using var a2 = await TestBackend.StartAsync("a2", 3);
        await using var b = await TestBackend.StartAsync("b", 4);
        var yaml = Route()
            + Weighted((1, 1))
            + "    v1:\n"
            + "      loadBalancer:\n"
            + Yaml.Servers(a1.Url, a2.Url)
            + "        sticky:\n"
            + "          cookie:\n"
            + "            name: server\n"
            + Child("v2", b.Url);
        await using var node = await TestNode.StartAsync(yaml, "app");
        using var client = CookielessClient(node.Client.BaseAddress!);

        var first = await GetAsync(client, null);

        Assert.Equal("a1", first.Backend);
        Assert.Equal([$"{ToV1}; Path=/; HttpOnly; SameSite=Lax", $"server={StickyCookie.ValueOf(a1.Url)}; Path=/"], first.SetCookies);
        var cookies = string.Join("; ", first.SetCookies.Select(c => c.Split(';')[0]));
        for (var i = 0; i < 20; i++)
        {
            var answer = await GetAsync(client, cookies);
            Assert.Equal(("a1", 0), (answer.Backend, answer.SetCookies.Count));
        }

        // The split's cookie alone: the child's load balancer picks, and pins within the child.
        var withinV1 = await GetAsync(client, ToV1);
        Assert.Equal("a2", withinV1.Backend);
        Assert.Equal([$"server={StickyCookie.ValueOf(a2.Url)}; Path=/"], withinV1.SetCookies);
    }

    [Fact]
    public async Task WeightedSticky_PinnedChildDown_RepinnedToAChildThatIsUp()
    {
        await using var v1 = await TestBackend.StartAsync("v1", 2);
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        var yaml = Route()
            + Weighted((1, 1))
            + Child("v1", v1.Url)
            + "        healthCheck:\n"
            + "          path: /health\n"
            + "          interval: 200ms\n"
            + "          timeout: 150ms\n"
            + Child("v2", v2.Url);
        await using var node = await TestNode.StartAsync(yaml, "app");
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("v1", v1.Url) == "UP", "v1 UP");
        using var client = CookielessClient(node.Client.BaseAddress!);
        var before = await GetAsync(client, ToV1);
        Assert.Equal(("v1", 0), (before.Backend, before.SetCookies.Count));

        v1.Healthy = false;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("v1", v1.Url) == "DOWN", "v1 DOWN");
        var repinned = await GetAsync(client, ToV1);

        Assert.Equal("v2", repinned.Backend);
        Assert.StartsWith($"{ToV2};", Assert.Single(repinned.SetCookies));
        for (var i = 0; i < 10; i++)
        {
            var answer = await GetAsync(client, ToV2);
            Assert.Equal(("v2", 0), (answer.Backend, answer.SetCookies.Count));
        }
    }

    [Fact]
    public async Task WeightedSticky_AttemptRefusedThenRetried_AnswerCarriesTheSplitsCookieOnce()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        var dead = FreePort.ClosedUrl(4);
        var yaml = Route("      middlewares: [retry]\n")
            + Weighted((1, 0))
            + "    v1:\n"
            + "      loadBalancer:\n"
            + Yaml.Servers(dead, live.Url)
            + Child("v2", v2.Url)
            + "  middlewares:\n"
            + Yaml.Retry3;
        await using var node = await TestNode.StartAsync(yaml, "app");
        using var client = CookielessClient(node.Client.BaseAddress!);

        // The first request's first attempt goes to the dead server; its retry to the live one.
        var answer = await GetAsync(client, null);

        Assert.Equal("live", answer.Backend);
        Assert.Equal([$"{ToV1}; Path=/; HttpOnly; SameSite=Lax"], answer.SetCookies);
    }

    [Fact]
    public async Task WeightedSticky_EveryAttemptFails_ErrorCarriesNoCookie()
    {
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        await using var node = await TestNode.StartAsync(Split(1, 0, FreePort.ClosedUrl(4), v2.Url), "app");
        using var client = CookielessClient(node.Client.BaseAddress!);

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task WeightedSticky_ThreeNodes_ClientAlternatingNodesKeepsItsChild()
    {
        await using var v1 = await TestBackend.StartAsync("v1", 2);
        await using var v2 = await TestBackend.StartAsync("v2", 3);
        // Only the first node reads the file: the others serve the weighted service's cookie as the cluster shares it.
        await using var cluster = await InProcessCluster.StartAsync(Split(3, 1, v1.Url, v2.Url), "app", []);
        var clients = cluster.Nodes.Select(n => CookielessClient(new Uri($"http://127.0.0.1:{n.WebPort}"))).ToList();
        try
        {
            // Each node splits on its own: on some node, a request without a cookie lands on v2 within a round.
            Answer? toV2 = null;
            for (var i = 0; i < 12 && toV2 is null; i++)
            {
                var answer = await GetAsync(clients[i % 3], null);
                toV2 = answer.Backend == "v2" ? answer : null;
            }

            Assert.NotNull(toV2);
            var cookie = toV2.SetCookies.Single().Split(';')[0];
            Assert.Equal(ToV2, cookie);
            for (var i = 0; i < 60; i++)
            {
                var answer = await GetAsync(clients[i % 3], cookie);
                Assert.Equal(("v2", 0), (answer.Backend, answer.SetCookies.Count));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string Split(int weight1, int weight2, string url1, string url2) =>
        Route() + Weighted((weight1, weight2)) + Child("v1", url1) + Child("v2", url2);

    private static string Route(string routerExtra = "") =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + routerExtra
        + "  services:\n";

    private static string Weighted((int V1, int V2) weights) =>
        "    app:\n"
        + "      weighted:\n"
        + "        services:\n"
        + "          - name: v1\n"
        + $"            weight: {weights.V1}\n"
        + "          - name: v2\n"
        + $"            weight: {weights.V2}\n"
        + "        sticky:\n"
        + "          cookie:\n"
        + $"            name: {Cookie}\n"
        + "            httpOnly: true\n"
        + "            sameSite: lax\n";

    private static string Child(string name, string url) =>
        $"    {name}:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(url);

    private static HttpClient CookielessClient(Uri node) =>
        new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = node };

    private static async Task<Answer> GetAsync(HttpClient client, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Answer(
            response.Headers.GetValues(TestBackend.NameHeader).Single(),
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : []);
    }

    private sealed record Answer(string Backend, List<string> SetCookies);
}
