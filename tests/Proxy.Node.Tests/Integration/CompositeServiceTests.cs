using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Proxy.Node.Tests.Integration;

/// <summary>Weighted, failover and mirroring services from the file provider, through a real node to real Kestrel backends.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CompositeServiceTests
{
    [Fact]
    public async Task Weighted_ThreeToOne_SplitsRequestsExactly()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(
            Route("split")
            + "    split:\n"
            + "      weighted:\n"
            + "        services:\n"
            + "          - name: a\n"
            + "            weight: 3\n"
            + "          - name: b\n"
            + "            weight: 1\n"
            + LoadBalancer("a", a.Url)
            + LoadBalancer("b", b.Url),
            "app");

        for (var i = 0; i < 400; i++)
        {
            (await node.Client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        Assert.Equal((300, 100), (a.Requests, b.Requests));
        using var api = await node.GetApiJsonAsync("/api/http/services/split@file");
        Assert.Equal("weighted", api.RootElement.GetProperty("type").GetString());
        var child = api.RootElement.GetProperty("weighted").GetProperty("services")[1];
        Assert.Equal(("b", 1), (child.GetProperty("name").GetString(), child.GetProperty("weight").GetInt32()));
    }

    [Fact]
    public async Task Failover_MainDownByHealthCheck_FallbackServesThenMainAgain()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(
            Route("safe")
            + "    safe:\n"
            + "      failover:\n"
            + "        service: main\n"
            + "        fallback: spare\n"
            + LoadBalancer("main", a.Url, Yaml.HealthCheck)
            + LoadBalancer("spare", b.Url),
            "app");
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("main", a.Url) == "UP", "main UP");
        Assert.Equal("a", await node.Client.GetStringAsync("/"));

        a.Healthy = false;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("main", a.Url) == "DOWN", "main DOWN");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("b", await node.Client.GetStringAsync("/"));
        }

        a.Healthy = true;
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("main", a.Url) == "UP", "main UP again");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("a", await node.Client.GetStringAsync("/"));
        }
    }

    [Fact]
    public async Task Mirroring_HalfTheRequests_MirrorGetsExactlyHalfWithBodiesAndClientOnlyTheMain()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 50), "app");
        var bodies = Enumerable.Range(0, 20).Select(i => RandomNumberGenerator.GetBytes(1000 + (i * 997))).ToList();
        var expected = bodies.Select(Hash).ToList();

        for (var i = 0; i < bodies.Count; i++)
        {
            using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(bodies[i]));
            Assert.Equal(("main", expected[i]), (response.Headers.GetValues(TestBackend.NameHeader).Single(), await response.Content.ReadAsStringAsync()));
        }

        await Eventually.TrueAsync(() => mirror.Uploads.Count == 10, "10 copies at the mirror");
        Assert.Equal(20, main.Requests);
        Assert.Subset(expected.ToHashSet(), mirror.Uploads.ToHashSet());
        Assert.Equal(10, mirror.Uploads.Distinct().Count());
    }

    [Fact]
    public async Task Mirroring_UntrustedClientsForwardedHeaders_NotOnTheCopy()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100), "app");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("X-Real-Ip", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.9");
        request.Headers.TryAddWithoutValidation("X-Custom", "kept");
        using var response = await node.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => mirror.Received.Count > 0, "the copy at the mirror");
        var copy = Assert.Single(mirror.Received);
        Assert.Equal("kept", copy.Headers["X-Custom"]);
        // The entry point trusts nobody: a client's claim about its address reaches neither the main server nor the mirror.
        Assert.DoesNotContain(copy.Headers, h => h.Value.Contains("203.0.113.9", StringComparison.Ordinal));
        Assert.DoesNotContain(Assert.Single(main.Received).Headers, h => h.Value.Contains("203.0.113.9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("answers 500")]
    [InlineData("is down")]
    [InlineData("hangs")]
    public async Task Mirroring_MirrorThatFails_ChangesNothingForTheClient(string failure)
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100), "app");
        switch (failure)
        {
            case "answers 500":
                mirror.FailWith = 500;
                break;
            case "is down":
                await mirror.StopAsync();
                break;
            case "hangs":
                mirror.Hangs = true;
                break;
        }

        var body = RandomNumberGenerator.GetBytes(5000);
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(body));
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(started).Ticks));
            Assert.Equal((HttpStatusCode.OK, Hash(body)), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(20, main.Requests);
        // A hanging mirror is cut only after the response timeout (seconds); the client never waits for it.
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest client request took {slowest}");
        if (failure != "is down")
        {
            await Eventually.TrueAsync(() => mirror.Requests == 20, "20 copies reached the mirror");
        }
    }

    [Fact]
    public async Task Mirroring_BodyOverMaxBodySize_NotCopiedButServed()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100, "        maxBodySize: 2000\n"), "app");
        var small = RandomNumberGenerator.GetBytes(2000);
        var large = RandomNumberGenerator.GetBytes(2001);

        foreach (var body in new[] { large, small, large })
        {
            using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(body));
            Assert.Equal(Hash(body), await response.Content.ReadAsStringAsync());
        }

        await Eventually.TrueAsync(() => mirror.Uploads.Count == 1, "the small body's copy at the mirror");
        Assert.Equal([Hash(small)], mirror.Uploads);
        Assert.Equal(3, main.Requests);
    }

    [Fact]
    public async Task Mirroring_NoMaxBodySize_BodyOverTheNodesCeilingNotCopiedButServed()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100), ["app"], ["--mirroring.maxbodysize=3000"]);
        var small = RandomNumberGenerator.GetBytes(3000);
        var large = RandomNumberGenerator.GetBytes(3001);

        foreach (var (body, chunked) in new[] { (large, false), (small, true), (large, false) })
        {
            var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
            content.Headers.ContentLength = chunked ? null : body.Length;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content };
            request.Headers.TransferEncodingChunked = chunked;
            using var response = await node.Client.SendAsync(request);
            Assert.Equal(Hash(body), await response.Content.ReadAsStringAsync());
        }

        await Eventually.TrueAsync(() => mirror.Uploads.Count >= 1, "the small body's copy at the mirror");
        Assert.Equal([Hash(small)], mirror.Uploads);
        Assert.Equal(3, main.Requests);
    }

    [Fact]
    public async Task Mirroring_CopiesOverTheBytesInFlight_DroppedWhileTheClientIsServed()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        mirror.Hangs = true;
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100), ["app"], ["--mirroring.maxbytesinflight=10000"]);

        // 4000 + 4000 hang at the mirror; 4000 more would be 12000, so that copy is dropped; 1000 more still fits.
        foreach (var (sequence, size) in new[] { (1, 4000), (2, 4000), (3, 4000), (4, 1000) })
        {
            var body = RandomNumberGenerator.GetBytes(size);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Sequence", sequence.ToString(CultureInfo.InvariantCulture));
            using var response = await node.Client.SendAsync(request);
            Assert.Equal((HttpStatusCode.OK, Hash(body)), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        await Eventually.TrueAsync(() => mirror.Requests == 3, "three copies at the mirror");
        Assert.Equal(["1", "2", "4"], mirror.Received.Select(r => r.Headers["X-Sequence"]).Order());
        Assert.Equal(4, main.Requests);
    }

    private static string Hash(byte[] body) => $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}";

    private static string Mirroring(TestBackend main, TestBackend mirror, int percent, string extra = "") =>
        Route("shadow")
        + "    shadow:\n"
        + "      mirroring:\n"
        + "        service: main\n"
        + extra
        + "        mirrors:\n"
        + "          - name: mirror\n"
        + $"            percent: {percent}\n"
        + LoadBalancer("main", main.Url)
        + LoadBalancer("mirror", mirror.Url);

    private static string Route(string service) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + $"      service: {service}\n"
        + "  services:\n";

    private static string LoadBalancer(string name, string url, string extra = "") =>
        $"    {name}:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(url)
        + extra;
}
