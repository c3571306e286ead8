using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration.Https;

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

    /// <summary>
    /// HTTP/2 has no Transfer-Encoding: a body streamed without a length shows neither header, and only the
    /// server's framing says there is one.
    /// </summary>
    [Fact]
    public async Task Mirroring_Http2BodyWithoutLength_MirrorGetsTheSameBytes()
    {
        using var lab = new HttpsLab();
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await StartOverTlsAsync(
            lab, MirroringOf("shadow", "main", "mirror") + LoadBalancer("main", main.Url) + LoadBalancer("mirror", mirror.Url));
        using var client = Http2Client(lab, node);
        var body = RandomNumberGenerator.GetBytes(50_000);

        using var response = await client.SendAsync(Upload(body, chunked: true, HttpVersion.Version20));
        Assert.Equal((HttpVersion.Version20, Hash(body)), (response.Version, await response.Content.ReadAsStringAsync()));
        Assert.False(Assert.Single(main.Received).Headers.ContainsKey("Content-Length"), "the client sent a length: not the case tested");

        await Eventually.TrueAsync(() => mirror.Uploads.Count == 1, "the copy at the mirror");
        Assert.Equal([Hash(body)], mirror.Uploads);
    }

    /// <summary>
    /// Four mirrors along three nested mirroring services and the node's ceiling: a body at a mirror's limit goes to
    /// it, one byte over does not go at all (never as a copy without its body), and a mirror without mirrorBody gets
    /// every request without one; the client's request always gets its whole body. Each framing a client may use.
    /// </summary>
    [Theory]
    [InlineData("HTTP/1.1", false)]
    [InlineData("HTTP/1.1", true)]
    [InlineData("HTTP/2", false)]
    [InlineData("HTTP/2", true)]
    public async Task Mirroring_BodiesAtAndOverEachMirrorsLimit_OverIsNeverCopiedEmpty(string protocol, bool chunked)
    {
        using var lab = new HttpsLab();
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var small = await TestBackend.StartAsync("small", 3);
        await using var large = await TestBackend.StartAsync("large", 4);
        await using var ceiling = await TestBackend.StartAsync("ceiling", 5);
        await using var bodiless = await TestBackend.StartAsync("bodiless", 6);
        var services =
            MirroringOf("shadow", "inner", "small", "        maxBodySize: 1000\n")
            + MirroringOf("inner", "unlimited", "large", "        maxBodySize: 3000\n")
            + MirroringOf("unlimited", "bare", "ceiling")
            + MirroringOf("bare", "main", "bodiless", "        mirrorBody: false\n")
            + LoadBalancer("main", main.Url)
            + LoadBalancer("small", small.Url)
            + LoadBalancer("large", large.Url)
            + LoadBalancer("ceiling", ceiling.Url)
            + LoadBalancer("bodiless", bodiless.Url);
        await using var node = await StartOverTlsAsync(lab, services, "--mirroring.maxbodysize=5000");
        using var http2 = Http2Client(lab, node);
        var (client, version) = protocol == "HTTP/2" ? (http2, HttpVersion.Version20) : (node.Client, HttpVersion.Version11);
        var bodies = new[] { 1000, 1001, 3000, 3001, 5000, 5001, 20_000 }.Select(RandomNumberGenerator.GetBytes).ToList();

        foreach (var body in bodies)
        {
            using var response = await client.SendAsync(Upload(body, chunked, version));
            Assert.Equal((version, Hash(body)), (response.Version, await response.Content.ReadAsStringAsync()));
        }

        await Eventually.TrueAsync(() => bodiless.Uploads.Count == bodies.Count, "a copy of every request at the mirror without bodies");
        // Copies are sent in the background: each mirror's are awaited, then checked for any more.
        await Eventually.TrueAsync(
            () => small.Uploads.Count >= Hashes(bodies, 1000).Count() && large.Uploads.Count >= Hashes(bodies, 3000).Count()
                && ceiling.Uploads.Count >= Hashes(bodies, 5000).Count(),
            "the copies of the bodies within each limit");
        Assert.Equal(Hashes(bodies, 1000), small.Uploads.Order());
        Assert.Equal(Hashes(bodies, 3000), large.Uploads.Order());
        Assert.Equal(Hashes(bodies, 5000), ceiling.Uploads.Order());
        Assert.All(bodiless.Uploads, upload => Assert.Equal(Hash([]), upload));
        Assert.Equal(bodies.Count, main.Requests);
        Assert.All(main.Received, r => Assert.Equal(chunked, !r.Headers.ContainsKey("Content-Length")));

        static IEnumerable<string> Hashes(List<byte[]> bodies, int limit) => bodies.Where(b => b.Length <= limit).Select(Hash).Order();
    }

    /// <summary>
    /// A chunked body that also claims a Content-Length (0, or under the limit): the chunks are the body (RFC 9112
    /// section 6.3), so it is over the mirror's limit and no copy goes, neither without a body nor with a part of it.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    public async Task Mirroring_ChunkedBodyClaimingASmallContentLength_NotCopied(string claimed)
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100, "        maxBodySize: 1000\n"), "app");
        var body = RandomNumberGenerator.GetBytes(3000);

        await using (var raw = await RawClient.ConnectAsync(node.WebPort))
        {
            await raw.SendAsync($"POST /upload HTTP/1.1\r\nHost: app.test\r\nContent-Length: {claimed}\r\nTransfer-Encoding: chunked\r\n\r\nbb8\r\n");
            await raw.SendAsync(body);
            await raw.SendAsync("\r\n0\r\n\r\n");
            var status = await raw.ReadStatusAsync(TimeSpan.FromSeconds(10));
            Assert.True(status is 200 or 400, $"answered {status}");
            if (status == 200)
            {
                Assert.Equal([Hash(body)], main.Uploads);
            }
        }

        // A request after it, within the limit, is copied: had the one above been, its copy would have gone first.
        var small = RandomNumberGenerator.GetBytes(500);
        using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(small));
        Assert.Equal(Hash(small), await response.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => mirror.Uploads.Contains(Hash(small)), "the small body's copy at the mirror");
        Assert.Equal([Hash(small)], mirror.Uploads);
    }

    /// <summary>
    /// A client gone while its body is read for the mirrors (closed, or reset as a client that crashed): no copy goes
    /// (a cut body is not the request), nothing of the byte budget is held by it, and the node goes on copying the
    /// next requests in full.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Mirroring_ClientGoneMidBody_NoCopyAndTheByteBudgetIsWhole(bool chunked, bool reset)
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        // Room for two whole copies: the mirror records a body before it answers, so the copy before may still hold
        // its bytes when the next is sent. Three cut 4000-byte bodies held would leave too little for one.
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror, 100), ["app"], ["--mirroring.maxbytesinflight=20000"]);

        for (var i = 0; i < 3; i++)
        {
            await using var raw = await RawClient.ConnectAsync(node.WebPort);
            var framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: 9000";
            await raw.SendAsync($"POST /upload HTTP/1.1\r\nHost: app.test\r\nExpect: 100-continue\r\n{framing}\r\n\r\n");
            // Kestrel answers 100 once the body is asked for: the node is reading it for the mirror.
            Assert.Equal(100, await raw.ReadStatusAsync(TimeSpan.FromSeconds(10)));
            await raw.SendAsync((chunked ? "2328\r\n"u8.ToArray() : []).Concat(RandomNumberGenerator.GetBytes(4000)).ToArray());
            if (reset)
            {
                raw.Reset();
            }
            else
            {
                raw.ShutdownSend();
                // Whatever the answer to a cut body is, the node is done with the request once it gave it.
                await raw.ReadStatusAsync(TimeSpan.FromSeconds(10));
            }
        }

        // Each whole 9000-byte copy fits the 20000-byte budget beside the one before only if the requests cut above hold none of it.
        var bodies = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(9000)).ToList();
        foreach (var body in bodies)
        {
            using var response = await node.Client.SendAsync(Upload(body, chunked));
            Assert.Equal((HttpStatusCode.OK, Hash(body)), (response.StatusCode, await response.Content.ReadAsStringAsync()));
            await Eventually.TrueAsync(() => mirror.Uploads.Contains(Hash(body)), "the copy of a whole body at the mirror");
        }

        Assert.Equal(bodies.Select(Hash).Order(), mirror.Uploads.Order());
        Assert.Equal(3, main.Requests);
    }

    private static string Hash(byte[] body) => $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}";

    private const string TlsHost = "mirroring.test";

    /// <summary>
    /// A POST of <paramref name="body"/> to /upload, with its length or without one: HttpClient then sends it chunked
    /// in HTTP/1.1 and in DATA frames without a content-length in HTTP/2.
    /// </summary>
    private static HttpRequestMessage Upload(byte[] body, bool chunked, Version? version = null)
    {
        var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
        content.Headers.ContentLength = chunked ? null : body.Length;
        return new HttpRequestMessage(HttpMethod.Post, "/upload")
        {
            Content = content,
            Version = version ?? HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>A node serving <paramref name="services"/> (with one named shadow) on every path, over plain HTTP/1.1 and over TLS with HTTP/2.</summary>
    private static async Task<TestNode> StartOverTlsAsync(HttpsLab lab, string services, params string[] flags)
    {
        var yaml = "http:\n  routers:\n"
            + "    app:\n      rule: \"PathPrefix(`/`)\"\n      service: shadow\n"
            + "    secure:\n      rule: \"PathPrefix(`/`)\"\n      service: shadow\n      tls: {}\n"
            + "  services:\n" + services
            + HttpsLab.TlsSection([lab.Server("mirroring", TlsHost)]);
        var node = await TestNode.StartAsync(yaml, ["app", "secure"], flags);
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match(TlsHost) is not null, "the certificate to reach the handshakes");
        return node;
    }

    private static HttpClient Http2Client(HttpsLab lab, TestNode node) => Https.Http2Client.Of(lab, node.WebPort, TlsHost);

    private static string MirroringOf(string name, string service, string mirror, string extra = "") =>
        $"    {name}:\n"
        + "      mirroring:\n"
        + $"        service: {service}\n"
        + extra
        + "        mirrors:\n"
        + $"          - name: {mirror}\n"
        + "            percent: 100\n";

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
