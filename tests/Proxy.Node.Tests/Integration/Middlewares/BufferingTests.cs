using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Middlewares.Buffering;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// buffering from the file provider, in a node process whose temporary directory is the test's own, so
/// the test sees the files bodies spill to, and that none is left, however the request ends.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class BufferingTests : IDisposable
{
    private const string Host = "buffered.test";
    private readonly string _tmp = Directory.CreateTempSubdirectory("buffering-tmp-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string Config(string backendUrl) =>
        "http:\n"
        + "  routers:\n"
        + "    plain:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    buffered:\n"
        + $"      rule: \"Host(`{Host}`)\"\n"
        + "      service: app\n"
        + "      middlewares: [buf]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    buf:\n"
        + "      buffering:\n"
        + "        maxRequestBodyBytes: 100000\n"
        + "        memRequestBodyBytes: 1000\n"
        + "        maxResponseBodyBytes: 200000\n"
        + "        memResponseBodyBytes: 1000\n";

    /// <summary>Starts the node; the backend's counts start after the node's readiness check reached it.</summary>
    private async Task<FileNodeProcess> StartAsync(TestBackend backend)
    {
        var node = await FileNodeProcess.StartAsync(
            Config(backend.Url), _ => [], args => NodeProcess.Start(args, new Dictionary<string, string> { ["TMPDIR"] = _tmp }));
        backend.ResetCounts();
        return node;
    }

    private string[] SpillFiles() => Directory.GetFiles(_tmp, SpillBuffer.FilePrefix + "*");

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, path) { Headers = { Host = Host }, Content = content };

    private static byte[] Body(int size) => [.. Enumerable.Range(0, size).Select(i => TestBackend.Pattern(i))];

    private static string Expected(byte[] body) => $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}";

    [Fact(Timeout = 90_000)]
    public async Task Buffering_ChunkedUploadBeyondMemory_SpillsThenForwardsWithLengthAndRemovesFile()
    {
        await using var backend = await TestBackend.StartAsync("a", 63);
        using var node = await StartAsync(backend);
        var body = Body(50_000);
        var sawFile = false;
        var content = new PausingContent(body, 10_000, async () =>
        {
            // Half the body is in: past memRequestBodyBytes, so it is in a file, and the server has seen nothing.
            await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 1), "a spill file for the request body");
            sawFile = true;
            Assert.Equal(0, backend.Requests);
        });

        using var response = await node.Client.SendAsync(Request(HttpMethod.Post, "/upload", content));

        Assert.True(sawFile);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Expected(body), await response.Content.ReadAsStringAsync());
        var seen = Assert.Single(backend.Received);
        Assert.Equal("50000", seen.Headers["Content-Length"]);
        Assert.False(seen.Headers.ContainsKey("Transfer-Encoding"));
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 0), "the spill file to be removed");
    }

    [Fact(Timeout = 90_000)]
    public async Task Buffering_RequestBeyondMax_413WithoutReachingServer()
    {
        await using var backend = await TestBackend.StartAsync("a", 63);
        using var node = await StartAsync(backend);
        var big = Body(100_001);

        using var declared = await node.Client.SendAsync(Request(HttpMethod.Post, "/upload", new ByteArrayContent(big)));
        using var chunked = await node.Client.SendAsync(Request(HttpMethod.Post, "/upload", new PausingContent(big, 50_000, () => Task.CompletedTask)));
        using var atLimit = await node.Client.SendAsync(Request(HttpMethod.Post, "/upload", new ByteArrayContent(big[..100_000])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("Request Entity Too Large", await declared.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(Expected(big[..100_000]), await atLimit.Content.ReadAsStringAsync());
        Assert.Equal(1, backend.Requests);
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 0), "no spill file left");
    }

    /// <summary>
    /// HTTP/2 has no Transfer-Encoding: a body streamed without a length shows neither header, and must be held
    /// (and its limit kept) all the same.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task Buffering_Http2UploadWithoutLengthBeyondMax_413WithoutReachingServer()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("a", 63);
        var yaml = Config(backend.Url).Replace("      middlewares: [buf]\n", "      middlewares: [buf]\n      tls: {}\n", StringComparison.Ordinal)
            + HttpsLab.TlsSection([lab.Server("buffered", Host)]);
        await using var node = await TestNode.StartAsync(yaml, "plain", "buffered");
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match(Host) is not null, "the certificate to reach the handshakes");
        using var client = Http2Client.Of(lab, node.WebPort, Host);
        var big = Body(100_001);
        backend.ResetCounts();

        using var over = await client.SendAsync(Streamed(big));
        using var atLimit = await client.SendAsync(Streamed(big[..100_000]));

        Assert.Equal((HttpVersion.Version20, HttpStatusCode.RequestEntityTooLarge), (over.Version, over.StatusCode));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(Expected(big[..100_000]), await atLimit.Content.ReadAsStringAsync());
        var seen = Assert.Single(backend.Received);
        Assert.Equal("100000", seen.Headers["Content-Length"]);

        static HttpRequestMessage Streamed(byte[] body)
        {
            var content = new StreamContent(new MemoryStream(body));
            content.Headers.ContentLength = null;
            return new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Buffering_Responses_WithinMaxSentWholeBeyondMax500()
    {
        await using var backend = await TestBackend.StartAsync("a", 63);
        using var node = await StartAsync(backend);

        using var chunkedWithin = await node.Client.SendAsync(Request(HttpMethod.Get, "/big?size=150000&chunked"));
        var within = await chunkedWithin.Content.ReadAsByteArrayAsync();
        using var beyond = await node.Client.SendAsync(Request(HttpMethod.Get, "/big?size=200001"));
        using var beyondChunked = await node.Client.SendAsync(Request(HttpMethod.Get, "/big?size=300000&chunked"));

        Assert.Equal(HttpStatusCode.OK, chunkedWithin.StatusCode);
        // Buffered whole, so sent with its length even though the server chunked it.
        Assert.Equal(150_000, chunkedWithin.Content.Headers.ContentLength);
        Assert.Equal(Body(150_000), within);
        Assert.Equal(HttpStatusCode.InternalServerError, beyond.StatusCode);
        Assert.Equal("Internal Server Error", await beyond.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, beyondChunked.StatusCode);
        using var plain = await node.Client.GetAsync("/big?size=300000");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 0), "no spill file left");
    }

    [Fact(Timeout = 90_000)]
    public async Task Buffering_ClientAbortsMidUpload_SpillFileRemoved()
    {
        await using var backend = await TestBackend.StartAsync("a", 63);
        using var node = await StartAsync(backend);
        using var cancel = new CancellationTokenSource();
        var content = new PausingContent(Body(50_000), 10_000, async () =>
        {
            await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 1), "a spill file for the request body");
            await cancel.CancelAsync();
            cancel.Token.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.Client.SendAsync(Request(HttpMethod.Post, "/upload", content), cancel.Token));

        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 0), "the spill file to be removed after the client left");
        Assert.Equal(0, backend.Requests);
    }

    [Fact(Timeout = 90_000)]
    public async Task Buffering_ServerDiesMidResponse_502AndSpillFileRemoved()
    {
        await using var backend = await TestBackend.StartAsync("a", 63);
        using var node = await StartAsync(backend);

        using var response = await node.Client.SendAsync(Request(HttpMethod.Get, "/big?size=150000&abortAfter=70000"));

        // Nothing reached the client before the failure, so it gets a clean 502 rather than a cut body.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles().Length == 0), "the spill file to be removed after the server failed");
    }
}
