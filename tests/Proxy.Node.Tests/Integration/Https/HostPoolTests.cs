using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// An https server behind a router that any Host reaches (a PathPrefix rule), the client's Host passed on: however many
/// Host values a client sends, the node holds a bounded number of connections to the server, and the server still
/// reads each request's own Host. Left to SocketsHttpHandler, each Host would have a pool (new TLS connections) of its own.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class HostPoolTests
{
    private const int Hosts = 200;

    // The kept HTTP/2 Hosts' connections, one more for the shared HTTP/1.1 pool, and room for a connection SocketsHttpHandler
    // opens for a request another then serves.
    private const int Bound = BackendHandler.MaxHttp2Hosts + 4;

    [Theory]
    [InlineData("1.1", false)]
    [InlineData("1.1", true)]
    [InlineData("2", false)]
    [InlineData("2", true)]
    public async Task HttpsServer_ClientSendsManyHosts_ConnectionsBoundedAndEachHostPassedOn(string clientVersion, bool caseVariants)
    {
        await using var setup = await Setup.StartAsync();
        using var http2 = setup.Http2Client();
        var client = clientVersion == "2" ? http2 : setup.Node.Client;
        var hosts = Enumerable.Range(0, Hosts).Select(i => caseVariants ? CaseVariant("variants.example", i) : $"h{i}.example").ToList();

        // Four at a time: concurrency a client of one connection per request could have anyway.
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (host, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/any") { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{host}: {(int)response.StatusCode}");
        });

        Assert.Equal(hosts.ToHashSet(StringComparer.Ordinal), setup.Backend.Received.Select(r => r.Host).ToHashSet(StringComparer.Ordinal));
        Assert.True(setup.Backend.Handshakes <= Bound, $"{setup.Backend.Handshakes} TLS connections for {Hosts} Hosts (bound {Bound})");
        Assert.True(setup.Backend.Open <= Bound, $"{setup.Backend.Open} connections open");
    }

    /// <summary>
    /// Requests that must stay HTTP/2 (gRPC's content type) with as many Hosts: each Host beyond the bound closes the
    /// least recently used Host's connections, so that the connections held stay bounded, and every request is served.
    /// </summary>
    [Fact]
    public async Task HttpsServer_GrpcRequestsWithManyHosts_OpenConnectionsBoundedAllServedInHttp2()
    {
        await using var setup = await Setup.StartAsync();
        using var client = setup.Http2Client();

        await Parallel.ForEachAsync(Enumerable.Range(0, Hosts), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/any") { Content = new ByteArrayContent([0, 0, 0, 0, 0]), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.Host = $"g{i}.example";
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"g{i}: {(int)response.StatusCode}");
        });

        Assert.All(setup.Backend.Received, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(Hosts, setup.Backend.Received.Count);
        await Eventually.TrueAsync(() => setup.Backend.Open <= Bound, $"at most {Bound} connections open");
    }

    /// <summary>A request in flight on a Host whose connections are closed for others finishes as it would have.</summary>
    [Fact]
    public async Task HttpsServer_HostEvictedWhileItsRequestIsInFlight_RequestServed()
    {
        await using var setup = await Setup.StartAsync();
        using var client = setup.Http2Client();

        var slow = SendGrpcTypedAsync(client, "/any/slow", "slow.example");
        await Eventually.TrueAsync(() => setup.Backend.Handshakes >= 1, "the slow request's connection");
        for (var i = 0; i < BackendHandler.MaxHttp2Hosts + 8; i++)
        {
            using var response = await SendGrpcTypedAsync(client, "/any", $"e{i}.example");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var answer = await slow;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private static Task<HttpResponseMessage> SendGrpcTypedAsync(HttpClient client, string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([0, 0, 0, 0, 0]), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.Host = host;
        return client.SendAsync(request);
    }

    /// <summary>The <paramref name="i"/>th of the case variants of <paramref name="name"/> (its letters upper where i's bits are set).</summary>
    private static string CaseVariant(string name, int i)
    {
        var letters = name.ToCharArray();
        for (var bit = 0; bit < letters.Length; bit++)
        {
            if ((i >> bit & 1) == 1)
            {
                letters[bit] = char.ToUpperInvariant(letters[bit]);
            }
        }

        return new string(letters);
    }

    /// <summary>
    /// One https server trusted through a servers transport's rootCAs, behind a PathPrefix router on the plain entry point
    /// and the same on TLS (for HTTP/2 clients, <see cref="TlsHost"/>'s certificate).
    /// </summary>
    private sealed class Setup : IAsyncDisposable
    {
        public const string TlsHost = "pool.test";

        private Setup(HttpsLab lab, TlsBackend backend, TestNode node)
        {
            Lab = lab;
            Backend = backend;
            Node = node;
        }

        public HttpsLab Lab { get; }

        public TlsBackend Backend { get; }

        public TestNode Node { get; }

        public static async Task<Setup> StartAsync()
        {
            var lab = new HttpsLab();
            TlsBackend? backend = null;
            try
            {
                backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
                var yaml = "http:\n  routers:\n"
                    + "    plain:\n      rule: \"PathPrefix(`/any`)\"\n      service: tls\n"
                    + "    secure:\n      rule: \"PathPrefix(`/any`)\"\n      service: tls\n      tls: {}\n"
                    + "  services:\n    tls:\n      loadBalancer:\n" + Yaml.Servers(backend.Url) + "        serversTransport: private\n"
                    + $"  serversTransports:\n    private:\n      rootCAs: [{lab.CaFile}]\n"
                    + HttpsLab.TlsSection([lab.Server("pool", TlsHost)]);
                var node = await TestNode.StartAsync(yaml, "plain", "secure");
                await Eventually.TrueAsync(
                    () => node.Services.GetService(typeof(Proxy.Actors.Tls.CertificateCell)) is Proxy.Actors.Tls.CertificateCell cell && cell.Current.Match(TlsHost) is not null,
                    "the certificate to reach the handshakes");
                return new Setup(lab, backend, node);
            }
            catch
            {
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                }

                lab.Dispose();
                throw;
            }
        }

        /// <summary>
        /// An HTTP/2 client of the TLS router that handshakes as <see cref="TlsHost"/> whatever the request's Host:
        /// SocketsHttpHandler would send the Host as SNI, and the node would show another certificate.
        /// </summary>
        public HttpClient Http2Client() =>
            new(new SocketsHttpHandler
            {
                UseProxy = false,
                ConnectCallback = async (_, cancellation) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Node.WebPort), cancellation);
                        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
                        await tls.AuthenticateAsClientAsync(
                            new SslClientAuthenticationOptions
                            {
                                TargetHost = TlsHost,
                                ApplicationProtocols = [SslApplicationProtocol.Http2],
                                RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, Lab.Ca),
                            },
                            cancellation);
                        return tls;
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            })
            {
                BaseAddress = new Uri($"https://{TlsHost}:{Node.WebPort}"),
                DefaultRequestVersion = HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = TimeSpan.FromSeconds(30),
            };

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            await Backend.DisposeAsync();
            Lab.Dispose();
        }
    }
}
