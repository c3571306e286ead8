using System.Net;
using Grpc.Core;
using Proxy.Node.Tests.Integration.Grpc;
using Proxy.Node.Tests.Integration.Grpc.Echo;
using EchoClient = Proxy.Node.Tests.Integration.Grpc.Echo.Echo.EchoClient;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// https servers of services that name no servers transport: the node's default transport sends the server URL's host
/// as SNI and checks the certificate against it, never against the client's Host, for forwarded requests, mirrored
/// copies and health probes alike. The node runs as a process whose trusted CAs (SSL_CERT_FILE) are the test CA's:
/// the default trust is the machine's, and only a process of its own can be given another.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DefaultTransportTests
{
    private const string ForeignHost = "app.example";

    [Fact]
    public async Task DefaultTransport_ClientSendsForeignHost_ServedAndServerNotCountedFailed()
    {
        await using var setup = await Setup.StartAsync();

        for (var i = 0; i < 4; i++)
        {
            var status = await setup.GetAsync("/", ForeignHost);
            Assert.True(status == HttpStatusCode.OK, $"{(int)status}\n{setup.Node.Process.Output}");
        }

        // The client's Host is passed on; the TLS name was the URL's IP address, which is never sent as SNI (Kestrel: "");
        // HTTP/2 was offered by ALPN, as by a servers transport without disableHTTP2 (Traefik's default@internal does).
        var seen = setup.Matching.Received.Last(r => r.Host == ForeignHost);
        Assert.Equal(("", "HTTP/2"), (seen.ServerName ?? "", seen.Protocol));
        // More failures than maxFailedAttempts would have been counted had the client's Host decided the handshake.
        await StaysUp.AssertAsync([setup.Node.Api], "matching", TimeSpan.FromSeconds(1), setup.Matching.Url);
    }

    [Fact]
    public async Task DefaultTransport_MirrorCopyAndProbeWithForeignHosts_ReachTheServer()
    {
        await using var setup = await Setup.StartAsync();

        // The main request goes to a plain http server: only the copy to the https mirror depends on the fix.
        Assert.Equal(HttpStatusCode.OK, await setup.GetAsync("/mirrored", ForeignHost));
        await Eventually.TrueAsync(() => setup.Mirror.Received.Any(r => r.Host == ForeignHost), "the mirror's copy with the client's Host");
        await Eventually.TrueAsync(() => setup.Matching.Received.Any(r => r.Host == Setup.ProbeHost), "a probe with the check's hostname");
        await StaysUp.AssertAsync([setup.Node.Api], "probed", TimeSpan.FromSeconds(1), setup.Matching.Url);
    }

    [Fact]
    public async Task DefaultTransport_CertificateNotNamingTheUrlsHost_502WhateverTheClientsHost()
    {
        await using var setup = await Setup.StartAsync();

        // The certificate names app.example: a client sending that Host was served before, any other refused.
        foreach (var host in new[] { ForeignHost, "127.0.0.1", "other.example" })
        {
            Assert.Equal(HttpStatusCode.BadGateway, await setup.GetAsync("/foreign", host));
        }

        Assert.Empty(setup.Foreign.Received);
        Assert.Contains("servers transport 'default@internal': TLS to 127.0.0.1 refused", setup.Node.Process.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A gRPC server on https with no servers transport: the default transport offers HTTP/2 by ALPN, which gRPC needs
    /// (over HTTP/1.1 the call could not be made at all).
    /// </summary>
    [Fact]
    public async Task DefaultTransport_GrpcServerOnHttps_UnaryCallServedInHttp2()
    {
        using var lab = new HttpsLab();
        await using var backend = await GrpcBackend.StartAsync("tls-default", lab.ServerForAddress("grpc-backend", IPAddress.Loopback));
        await using var plain = await TestBackend.StartAsync("plain", 2);
        // A router on / to a plain server, for the node's start check; the gRPC router is the TLS one for GrpcNode.Host.
        var yaml = GrpcNode.Config(
            lab,
            Yaml.Servers(backend.Url),
            routerExtra: "    ok:\n      rule: \"PathPrefix(`/`)\"\n      service: ok\n",
            loadBalancerExtra: "    ok:\n      loadBalancer:\n" + Yaml.Servers(plain.Url));
        using var node = await FileNodeProcess.StartAsync(
            yaml, _ => [], args => NodeProcess.Start(args, new Dictionary<string, string> { ["SSL_CERT_FILE"] = lab.CaFile }));
        using var channel = GrpcClient.Tls(GrpcNode.Host, node.Client.BaseAddress!.Port, lab.Ca);
        var client = new EchoClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var unary = client.UnaryAsync(new EchoRequest { Text = "hello" }, cancellationToken: timeout.Token);
        var reply = await unary.ResponseAsync;
        Assert.Equal(("hello", "tls-default", "HTTP/2"), (reply.Text, reply.Backend, reply.Protocol));
        Assert.Equal(StatusCode.OK, unary.GetStatus().StatusCode);
    }

    /// <summary>
    /// Three https backends of one test CA, the node trusting it: <see cref="Matching"/> and <see cref="Mirror"/> with
    /// certificates for 127.0.0.1 (their URL's host), <see cref="Foreign"/> with one for <see cref="ForeignHost"/> only;
    /// and a plain http server, the mirrored service's main one.
    /// </summary>
    private sealed class Setup : IAsyncDisposable
    {
        public const string ProbeHost = "probe.example";

        private readonly HttpsLab _lab;

        private readonly TestBackend _plain;

        private Setup(HttpsLab lab, TestBackend plain, TlsBackend matching, TlsBackend mirror, TlsBackend foreign, FileNodeProcess node)
        {
            _lab = lab;
            _plain = plain;
            Matching = matching;
            Mirror = mirror;
            Foreign = foreign;
            Node = node;
        }

        public TlsBackend Matching { get; }

        public TlsBackend Mirror { get; }

        public TlsBackend Foreign { get; }

        public FileNodeProcess Node { get; }

        public static async Task<Setup> StartAsync()
        {
            var lab = new HttpsLab();
            var started = new List<IAsyncDisposable>();
            try
            {
                var plain = await Started(TestBackend.StartAsync("plain", 2), started);
                var matching = await Started(TlsBackend.StartAsync(lab.ServerForAddress("matching", IPAddress.Loopback)), started);
                var mirror = await Started(TlsBackend.StartAsync(lab.ServerForAddress("mirror", IPAddress.Loopback)), started);
                var foreign = await Started(TlsBackend.StartAsync(lab.Server("foreign", ForeignHost)), started);
                var yaml = "http:\n  routers:\n"
                    + Router("matching", "/") + Router("mirrored", "/mirrored") + Router("probed", "/probed") + Router("foreign", "/foreign")
                    + "  services:\n"
                    + "    matching:\n      loadBalancer:\n" + Yaml.Servers(matching.Url) + ClientFailureHealthTests.PassiveHealth
                    + "    mirrored:\n      mirroring:\n        service: plain\n        mirrors:\n          - name: copy\n            percent: 100\n"
                    + "    plain:\n      loadBalancer:\n" + Yaml.Servers(plain.Url)
                    + "    copy:\n      loadBalancer:\n" + Yaml.Servers(mirror.Url)
                    + "    probed:\n      loadBalancer:\n" + Yaml.Servers(matching.Url)
                    + $"        healthCheck:\n          path: /probe\n          hostname: {ProbeHost}\n          interval: 500ms\n          timeout: 2s\n"
                    + "    foreign:\n      loadBalancer:\n" + Yaml.Servers(foreign.Url);
                var node = await FileNodeProcess.StartAsync(
                    yaml, _ => [], args => NodeProcess.Start(args, new Dictionary<string, string> { ["SSL_CERT_FILE"] = lab.CaFile }));
                return new Setup(lab, plain, matching, mirror, foreign, node);
            }
            catch
            {
                foreach (var backend in started)
                {
                    await backend.DisposeAsync();
                }

                lab.Dispose();
                throw;
            }
        }

        public async Task<HttpStatusCode> GetAsync(string path, string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await Node.Client.SendAsync(request);
            return response.StatusCode;
        }

        public async ValueTask DisposeAsync()
        {
            Node.Dispose();
            await Matching.DisposeAsync();
            await Mirror.DisposeAsync();
            await Foreign.DisposeAsync();
            await _plain.DisposeAsync();
            _lab.Dispose();
        }

        private static async Task<T> Started<T>(Task<T> starting, List<IAsyncDisposable> started)
            where T : IAsyncDisposable
        {
            var backend = await starting;
            started.Add(backend);
            return backend;
        }

        private static string Router(string name, string prefix) =>
            $"    {name}:\n      rule: \"PathPrefix(`{prefix}`)\"\n      service: {name}\n";
    }
}
