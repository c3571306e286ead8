using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration.Grpc;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class RetryTests
{
    [Fact]
    public async Task Retry_GetToDeadServer_RetriedOnLiveOne()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), Yaml.Retry3, "retry"), "app");

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("live", await node.Client.GetStringAsync("/"));
        }

        Assert.Equal(6, live.Requests);
    }

    [Fact]
    public async Task Retry_PostToDeadServer_SentToTheLiveOneWithoutRetryNonIdempotent()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), Yaml.Retry3, "retry"), "app");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await node.Client.PostAsync("/", new StringContent("payload"));
            statuses.Add(response.StatusCode);
        }

        // The refused connection carried nothing, so the POST goes to the live server as it would with no retry
        // middleware at all: retryNonIdempotent is about requests a server may have seen.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(6, live.Requests);
    }

    [Theory]
    [InlineData(4 << 20)]
    [InlineData(64 << 10)]
    public async Task Retry_PutBodyToDeadServer_ReplayedByteExactOnLiveOne(int maxBodyBytes)
    {
        // 4 MiB buffers the 1 MiB body; 64 KiB leaves it unbuffered, replayable only because the dead server never read it.
        await using var live = await TestBackend.StartAsync("live", 2);
        var retry = $"    retry:\n      retry:\n        attempts: 3\n        initialInterval: 10ms\n        maxBodyBytes: {maxBodyBytes}\n";
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(FreePort.ClosedUrl(4), live.Url), retry, "retry"), "app");
        var data = new byte[1 << 20];
        new Random(maxBodyBytes).NextBytes(data);
        var expected = $"{data.Length}:{Convert.ToHexString(SHA256.HashData(data))}";

        for (var i = 0; i < 2; i++)
        {
            using var response = await node.Client.PutAsync("/upload", new ByteArrayContent(data));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, live.Requests);
    }

    /// <summary>
    /// A refused connection carried nothing, so even without a retry middleware the request goes to
    /// another server, a POST too, with its body whole; the refused server's health still hears of it.
    /// </summary>
    [Fact]
    public async Task NoRetryMiddleware_RefusedServer_EveryRequestServedPostIncluded()
    {
        await using var live = await TestBackend.StartAsync("live", 2);
        var refused = FreePort.ClosedUrl(4);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(refused, live.Url)), "app");
        var data = new byte[256 << 10];
        new Random(7).NextBytes(data);
        var expected = $"{data.Length}:{Convert.ToHexString(SHA256.HashData(data))}";

        // POSTs first: the round robin sends one of the first two to the refused server, before it is held out.
        for (var i = 0; i < 2; i++)
        {
            using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(data));
            Assert.Equal((HttpStatusCode.OK, expected), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        await Eventually.TrueAsync(async () => await node.ServerFailuresAsync("app", refused) >= 1, $"{refused}'s health to hear of the refusal");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("live", await node.Client.GetStringAsync("/"));
        }

        Assert.Equal(6, live.Requests);
    }

    /// <summary>
    /// An HTTP/2 body without Content-Length (HTTP/2 has no Transfer-Encoding to tell of it) that a server read
    /// before dying without an answer cannot be sent again: the other server would get what is left of it, nothing.
    /// A PUT, which the retry rules repeat after a connection closed without an answer when its body can be
    /// replayed (a POST never is once it reached a server, retryNonIdempotent or not).
    /// </summary>
    [Fact]
    public async Task Retry_Http2BodyWithoutLengthServerDiesAfterReadingIt_NotRetried502()
    {
        using var lab = new HttpsLab();
        await using var dying = await TestBackend.StartAsync("dying", 2);
        await using var other = await TestBackend.StartAsync("other", 3);
        dying.AbortsUploads = true;
        var yaml = "http:\n  routers:\n    app:\n      rule: \"Host(`retry.test`)\"\n      service: app\n      tls: {}\n      middlewares: [retry]\n"
            + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(dying.Url, other.Url)
            + "  middlewares:\n    retry:\n      retry:\n        attempts: 3\n        initialInterval: 10ms\n        retryNonIdempotent: true\n"
            + HttpsLab.TlsSection([lab.Server("retry", "retry.test")]);
        await using var node = await TestNode.StartAsync(yaml, "app");
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match("retry.test") is not null, "the certificate to reach the handshakes");
        using var client = new HttpClient(GrpcClient.Handler(node.WebPort, new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, lab.Ca),
        }))
        {
            BaseAddress = new Uri($"https://retry.test:{node.WebPort}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // The round robin alternates: the upload goes to the dying server once a GET went to the other.
        while (true)
        {
            using var get = await client.GetAsync("/");
            if (get.Headers.GetValues(TestBackend.NameHeader).Single() == "other")
            {
                break;
            }
        }

        using var upload = new HttpRequestMessage(HttpMethod.Put, "/upload")
        {
            Content = new UnsizedContent(new byte[64 << 10]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(upload);

        Assert.Equal((HttpVersion.Version20, HttpStatusCode.BadGateway), (response.Version, response.StatusCode));
        Assert.Equal(1, dying.UploadsAborted);
        Assert.Empty(other.Uploads);
    }

    /// <summary>A body that does not say its length: over HTTP/2, DATA frames until the stream ends, and no header.</summary>
    private sealed class UnsizedContent(byte[] data) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(data).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
