using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Issue 14's compatibility check: ops/compose/traefik-middlewares.yml, labelled as a Traefik user
/// writes it (redirectScheme, basicAuth with a bcrypt hash in compose's <c>$$</c>, ipAllowList,
/// rateLimit, compress), brought up unchanged on daemon A and read by a real node started with
/// <c>--providers.docker.labelprefix=traefik</c>; every behaviour checked with real requests to
/// the stack's real nginx.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TraefikMiddlewaresComposeTests
{
    private const string Host = "app.localhost";
    private const string Body = "traefik-middlewares\n";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private static readonly IPAddress Inside = IPAddress.Loopback;

    // Another loopback address, outside the stack's sourceRange (127.0.0.1/32, 10.0.0.0/8): a client
    // connecting from it is a client from outside the allow-list, with no forwarded header to trust.
    private static readonly IPAddress Outside = IPAddress.Parse("127.0.0.2");

    [DockerFact(Timeout = 240_000)]
    public async Task TraefikMiddlewaresCompose_TraefikPrefix_RedirectAuthAllowListAndRateLimitAsTraefikUsersWriteThem()
    {
        DockerCli.Require();
        await using var compose = await ComposeProject.UpAsync("traefik-middlewares.yml");
        var websecurePort = FreePort.Next();
        using var node = DockerNode.Start("--providers.docker.labelprefix=traefik", $"--entrypoints.websecure.address=127.0.0.1:{websecurePort}");
        await node.EventuallyAsync(async () => await node.RouterStatusAsync("app@docker") == "enabled", "router app@docker enabled", Step);
        await node.EventuallyAsync(async () => await node.RouterStatusAsync("app-http@docker") == "enabled", "router app-http@docker enabled", Step);
        var webPort = new Uri(node.WebUrl).Port;

        using var inside = Client(Inside, webPort, websecurePort);
        using var outside = Client(Outside, webPort, websecurePort);

        // redirectScheme, permanent: the plain entry point sends a GET to https on its own port (443, left out).
        using (var redirected = await inside.GetAsync($"http://{Host}:{webPort}/some/path?q=1"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
            Assert.Equal(new Uri($"https://{Host}/some/path?q=1"), redirected.Headers.Location);
        }

        var secure = $"https://{Host}:{websecurePort}/";

        // basicAuth: no credentials or a wrong password get the challenge; the bcrypt user, read
        // from the label's $$-escaped hash, gets nginx's answer.
        using (var anonymous = await inside.GetAsync(secure))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic realm=\"app\"", anonymous.Headers.WwwAuthenticate.ToString());
        }

        using (var wrong = await SendAsync(inside, secure, "alice", "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var alice = await SendAsync(inside, secure, "alice", "alice-secret"))
        {
            Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
            Assert.Equal(Body, await alice.Content.ReadAsStringAsync());
        }

        // ipAllowList: the same request, credentials and all, from outside the source range.
        using (var refused = await SendAsync(outside, secure, "alice", "alice-secret"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Forbidden", await refused.Content.ReadAsStringAsync());
        }

        // compress: nginx's 2 KiB page, asked for in gzip, comes back gzip-encoded and whole.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"https://{Host}:{websecurePort}/page"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-secret")));
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var compressed = await inside.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
            Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
            await using var gzip = new GZipStream(await compressed.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            Assert.Equal(new string('x', 2047) + "\n", await reader.ReadToEndAsync());
        }

        // rateLimit, average 5 a second and burst 5: forty requests at once from the one client
        // cannot all be admitted; the refused ones are 429 with Retry-After, the rest nginx's 200.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => SendAsync(inside, secure, "alice", "alice-secret")));
        try
        {
            var statuses = responses.Select(r => (int)r.StatusCode).ToArray();
            var summary = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"));
            Assert.True(statuses.All(s => s is 200 or 429), $"only 200 and 429 expected, got {summary}");
            Assert.True(statuses.Count(s => s == 429) >= 20, $"at most about 5 of 40 simultaneous requests admitted, got {summary}");
            Assert.True(statuses.Count(s => s == 200) >= 1, $"the burst admits some, got {summary}");
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.NotNull(r.Headers.RetryAfter));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client.SendAsync(request);
    }

    /// <summary>
    /// A client that sends <see cref="Host"/> in the URL (so in SNI and Host, as a browser would) but
    /// connects to the node's entry points on 127.0.0.1 from <paramref name="source"/>; it accepts only
    /// the node's generated default certificate and follows no redirect.
    /// </summary>
    private static HttpClient Client(IPAddress source, int webPort, int websecurePort)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancel) =>
            {
                var port = context.DnsEndPoint.Port;
                Assert.True(port == webPort || port == websecurePort, $"the client connects only to the node's entry points, not to port {port}");
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate?.Subject.Contains("PROXY DEFAULT CERT", StringComparison.Ordinal) == true;
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
