using System.Net;
using System.Text.Json;
using Grpc.Core;
using Proxy.Tests.Processes;
using Proxy.Node.Tests.Integration.Grpc;
using Proxy.Node.Tests.Integration.Grpc.Echo;
using EchoClient = Proxy.Node.Tests.Integration.Grpc.Echo.Echo.EchoClient;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// <c>http.serversTransports</c> against real HTTPS backends (Kestrel) with certificates of test CAs written as PEM
/// files: which certificates are trusted, the SNI sent, client certificates, peerCertURI, HTTP/2, timeouts, the
/// health probes, and gRPC over TLS to the backend.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ServersTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RootCAs_TrustedCaServesOtherCaAndNodeTrustAre502_OnOneServerUrl()
    {
        using var lab = new HttpsLab();
        using var other = new HttpsLab("Another CA");
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        // One URL, three services: a pool shared across transports would let the refused ones ride the trusted connection.
        var yaml = Config(
            [("right", backend.Url, "right"), ("wrong", backend.Url, "wrong"), ("none", backend.Url, null)],
            Transport("right", $"rootCAs: [{lab.CaFile}]") + Transport("wrong", $"rootCAs: [{other.CaFile}]"));
        await using var node = await TestNode.StartAsync(yaml, "right", "wrong", "none");

        for (var i = 0; i < 3; i++)
        {
            using var trusted = await node.Client.GetAsync("/right");
            Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
            using var refused = await node.Client.GetAsync("/wrong");
            Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
            using var untrusted = await node.Client.GetAsync("/none");
            Assert.Equal(HttpStatusCode.BadGateway, untrusted.StatusCode);
        }

        Assert.Equal(3, backend.Received.Count);
    }

    /// <summary>
    /// A server URL with an IPv6 literal (<c>https://[::1]:port</c>): the connection is given the URL's bracketed host
    /// as the name to check, which SslStream takes for the address: a certificate for it (an IP SAN) is accepted.
    /// </summary>
    [Fact]
    public async Task RootCAs_Ipv6LiteralServerUrl_CertificateForTheAddressAccepted()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("v6", IPAddress.IPv6Loopback), address: IPAddress.IPv6Loopback);
        Assert.StartsWith("https://[::1]:", backend.Url, StringComparison.Ordinal);
        var yaml = Config([("v6", backend.Url, "right")], Transport("right", $"rootCAs: [{lab.CaFile}]"));
        await using var node = await TestNode.StartAsync(yaml, "v6");

        for (var i = 0; i < 2; i++)
        {
            using var response = await node.Client.GetAsync("/v6");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // No SNI for an address (RFC 6066 allows only host names; Kestrel reports none as ""), not a bracketed one.
        Assert.All(backend.Received, r => Assert.Equal("", r.ServerName ?? ""));
    }

    [Fact]
    public async Task Mirroring_MirrorBehindATransport_CopiesGoThroughItsRootCAs()
    {
        using var lab = new HttpsLab();
        await using var main = await TlsBackend.StartAsync(lab.ServerForAddress("main", IPAddress.Loopback));
        await using var mirror = await TlsBackend.StartAsync(lab.ServerForAddress("mirror", IPAddress.Loopback));
        // The mirror's server is trusted only through its transport's rootCAs: a copy sent through the node's default
        // pool (the node's trust) never reaches it.
        var yaml = "http:\n  routers:\n    main:\n      rule: \"PathPrefix(`/main`)\"\n      service: mirrored\n"
            + "  services:\n"
            + "    mirrored:\n      mirroring:\n        service: main\n        mirrors:\n          - name: copy\n            percent: 100\n"
            + "    main:\n      loadBalancer:\n" + Yaml.Servers(main.Url) + "        serversTransport: private\n"
            + "    copy:\n      loadBalancer:\n" + Yaml.Servers(mirror.Url) + "        serversTransport: private\n"
            + "  serversTransports:\n" + Transport("private", $"rootCAs: [{lab.CaFile}]");
        await using var node = await TestNode.StartAsync(yaml, "main");

        for (var i = 0; i < 3; i++)
        {
            using var response = await node.Client.GetAsync("/main");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.TrueAsync(() => Task.FromResult(mirror.Received.Count == 3), "three copies at the mirror behind its transport");
        Assert.Equal(3, main.Received.Count);
    }

    [Fact]
    public async Task Mirroring_MirrorBehindATransport_CopiesInHttp2UnlessDisabled()
    {
        using var lab = new HttpsLab();
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var h2 = await TlsBackend.StartAsync(lab.ServerForAddress("h2", IPAddress.Loopback));
        await using var h1 = await TlsBackend.StartAsync(lab.ServerForAddress("h1", IPAddress.Loopback));
        // The copies go as the main requests to those servers would: HTTP/2 offered by ALPN, unless disableHTTP2.
        var yaml = "http:\n  routers:\n"
            + "    toh2:\n      rule: \"PathPrefix(`/h2`)\"\n      service: mirroredh2\n"
            + "    toh1:\n      rule: \"PathPrefix(`/h1`)\"\n      service: mirroredh1\n"
            + "  services:\n"
            + "    mirroredh2:\n      mirroring:\n        service: main\n        mirrors:\n          - name: copyh2\n            percent: 100\n"
            + "    mirroredh1:\n      mirroring:\n        service: main\n        mirrors:\n          - name: copyh1\n            percent: 100\n"
            + "    main:\n      loadBalancer:\n" + Yaml.Servers(main.Url)
            + "    copyh2:\n      loadBalancer:\n" + Yaml.Servers(h2.Url) + "        serversTransport: h2\n"
            + "    copyh1:\n      loadBalancer:\n" + Yaml.Servers(h1.Url) + "        serversTransport: h1\n"
            + "  serversTransports:\n"
            + Transport("h2", $"rootCAs: [{lab.CaFile}]") + Transport("h1", $"rootCAs: [{lab.CaFile}]\n      disableHTTP2: true");
        await using var node = await TestNode.StartAsync(yaml, "toh2", "toh1");

        using var content = new ByteArrayContent(new byte[1000]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.PostAsync("/h2", content)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/h1")).StatusCode);

        await Eventually.TrueAsync(() => Task.FromResult(h2.Received.Count == 1 && h1.Received.Count == 1), "a copy at each mirror");
        Assert.Equal("HTTP/2", Assert.Single(h2.Received).Protocol);
        Assert.Equal("HTTP/1.1", Assert.Single(h1.Received).Protocol);
    }

    [Fact]
    public async Task ErrorPage_PagesServiceBehindATransport_FetchedInHttp2UnlessDisabled()
    {
        using var lab = new HttpsLab();
        await using var origin = await TestBackend.StartAsync("origin", 2);
        origin.FailWith = 500;
        await using var h2 = await TlsBackend.StartAsync(lab.ServerForAddress("h2", IPAddress.Loopback));
        await using var h1 = await TlsBackend.StartAsync(lab.ServerForAddress("h1", IPAddress.Loopback));
        // The page request goes as a forwarded request to that server would: HTTP/2 offered by ALPN, unless disableHTTP2.
        var yaml = "http:\n  routers:\n"
            + "    toh2:\n      rule: \"PathPrefix(`/h2`)\"\n      service: origin\n      middlewares: [errh2]\n"
            + "    toh1:\n      rule: \"PathPrefix(`/h1`)\"\n      service: origin\n      middlewares: [errh1]\n"
            + "  middlewares:\n"
            + "    errh2:\n      errors:\n        status: [\"500\"]\n        service: pagesh2\n        query: /page\n"
            + "    errh1:\n      errors:\n        status: [\"500\"]\n        service: pagesh1\n        query: /page\n"
            + "  services:\n"
            + "    origin:\n      loadBalancer:\n" + Yaml.Servers(origin.Url)
            + "    pagesh2:\n      loadBalancer:\n" + Yaml.Servers(h2.Url) + "        serversTransport: h2\n"
            + "    pagesh1:\n      loadBalancer:\n" + Yaml.Servers(h1.Url) + "        serversTransport: h1\n"
            + "  serversTransports:\n"
            + Transport("h2", $"rootCAs: [{lab.CaFile}]") + Transport("h1", $"rootCAs: [{lab.CaFile}]\n      disableHTTP2: true");
        await using var node = await TestNode.StartAsync(yaml, "toh2", "toh1");

        using var viaH2 = await node.Client.GetAsync("/h2");
        using var viaH1 = await node.Client.GetAsync("/h1");

        // The page is what the TLS server answers: the protocol the page request came in.
        Assert.Equal((HttpStatusCode.InternalServerError, "\"HTTP/2\""), (viaH2.StatusCode, await viaH2.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.InternalServerError, "\"HTTP/1.1\""), (viaH1.StatusCode, await viaH1.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ServerName_SentAsSniAndChecked_NotTheClientsHost()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.Server("b", "backend.internal"));
        var yaml = Config(
            [("named", backend.Url, "named"), ("unnamed", backend.Url, "unnamed")],
            Transport("named", $"serverName: backend.internal\n      rootCAs: [{lab.CaFile}]") + Transport("unnamed", $"rootCAs: [{lab.CaFile}]"));
        await using var node = await TestNode.StartAsync(yaml, "named", "unnamed");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/named");
        request.Headers.Host = "app.example";
        using var response = await node.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(backend.Received);
        Assert.Equal("backend.internal", seen.ServerName);
        Assert.Equal("app.example", seen.Host); // the Host passed on is the client's; only the TLS name is the transport's

        // Without serverName the name checked is the URL's host (127.0.0.1), which the certificate does not carry.
        using var unnamed = await node.Client.GetAsync("/unnamed");
        Assert.Equal(HttpStatusCode.BadGateway, unnamed.StatusCode);
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task InsecureSkipVerify_AnyCertificateServes()
    {
        using var other = new HttpsLab("Unknown CA");
        await using var backend = await TlsBackend.StartAsync(other.Server("b", "elsewhere.test"));
        var yaml = Config([("insecure", backend.Url, "insecure"), ("checked", backend.Url, "checked")],
            Transport("insecure", "insecureSkipVerify: true") + Transport("checked", "maxIdleConnsPerHost: 10"));
        await using var node = await TestNode.StartAsync(yaml, "insecure", "checked");

        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/insecure")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await node.Client.GetAsync("/checked")).StatusCode);
    }

    [Fact]
    public async Task Certificates_BackendRequiringMtlsGetsTheClientCertificate()
    {
        using var lab = new HttpsLab();
        var client = lab.Client("proxy-client");
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback), clientCa: lab.Ca);
        var yaml = Config([("mtls", backend.Url, "mtls"), ("plain", backend.Url, "plain")],
            Transport("mtls", $"rootCAs: [{lab.CaFile}]\n      certificates:\n        - certFile: {client.CertFile}\n          keyFile: {client.KeyFile}")
            + Transport("plain", $"rootCAs: [{lab.CaFile}]"));
        await using var node = await TestNode.StartAsync(yaml, "mtls", "plain");

        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/mtls")).StatusCode);
        Assert.Equal("CN=proxy-client", Assert.Single(backend.Received).ClientCertificate);
        Assert.Equal(HttpStatusCode.BadGateway, (await node.Client.GetAsync("/plain")).StatusCode);
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task PeerCertUri_MatchServesMismatchIs502()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerWithUri("b", "spiffe://test.example/backend", "workload.internal"));
        var yaml = Config([("match", backend.Url, "match"), ("mismatch", backend.Url, "mismatch")],
            Transport("match", $"rootCAs: [{lab.CaFile}]\n      peerCertURI: spiffe://test.example/backend")
            + Transport("mismatch", $"rootCAs: [{lab.CaFile}]\n      peerCertURI: spiffe://test.example/other"));
        await using var node = await TestNode.StartAsync(yaml, "match", "mismatch");

        // The URI stands for the name: the certificate names workload.internal, not 127.0.0.1, and is accepted.
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/match")).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await node.Client.GetAsync("/mismatch")).StatusCode);
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task DisableHttp2_BackendSeesHttp11_OtherwiseHttp2ByAlpn()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        var yaml = Config([("h2", backend.Url, "h2"), ("h1", backend.Url, "h1")],
            Transport("h2", $"rootCAs: [{lab.CaFile}]") + Transport("h1", $"rootCAs: [{lab.CaFile}]\n      disableHTTP2: true"));
        await using var node = await TestNode.StartAsync(yaml, "h2", "h1");

        Assert.Equal("\"HTTP/2\"", await node.Client.GetStringAsync("/h2"));
        Assert.Equal("\"HTTP/1.1\"", await node.Client.GetStringAsync("/h1"));
    }

    [Fact]
    public async Task ResponseHeaderTimeout_SlowBackendIs504_DefaultWaits()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        var yaml = Config([("short", backend.Url, "short"), ("patient", backend.Url, "patient")],
            Transport("short", $"rootCAs: [{lab.CaFile}]\n      forwardingTimeouts:\n        responseHeaderTimeout: 1s\n        dialTimeout: 2s")
            + Transport("patient", $"rootCAs: [{lab.CaFile}]"));
        await using var node = await TestNode.StartAsync(yaml, "short", "patient");

        using var cut = await node.Client.GetAsync("/short/slow");
        Assert.Equal(HttpStatusCode.GatewayTimeout, cut.StatusCode);
        // responseHeaderTimeout 0 (Traefik's default): the 3 s answer is waited for.
        using var waited = await node.Client.GetAsync("/patient/slow");
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
    }

    [Fact]
    public async Task UnreadableCa_ErrorOnTheTransportAndItsService_OthersServe()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        var missing = Path.Combine(lab.Directory, "missing-ca.pem");
        var yaml = Config([("good", backend.Url, "good"), ("broken", backend.Url, "broken"), ("unknown", backend.Url, "nosuch")],
            Transport("good", $"rootCAs: [{lab.CaFile}]") + Transport("broken", $"rootCAs: [{missing}]\n      forwardingTimeouts:\n        dialTimeout: soon"));
        await using var node = await TestNode.StartAsync(yaml, "good");

        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/good")).StatusCode);
        using var errors = await node.GetApiJsonAsync("/api/errors");
        var listed = errors.RootElement.EnumerateArray()
            .Select(e => (Path: e.GetProperty("path").GetString()!, Message: e.GetProperty("message").GetString()!))
            .ToList();
        Assert.Contains(listed, e => e.Path == "http.serversTransports.broken.rootCAs[0]" && e.Message.Contains($"cannot read '{missing}'", StringComparison.Ordinal));
        Assert.Contains(listed, e => e.Path == "http.serversTransports.broken.forwardingTimeouts.dialTimeout" && e.Message.Contains("not a duration", StringComparison.Ordinal));
        Assert.Contains(listed, e => e.Path == "http.services.broken.loadBalancer.serversTransport"
            && e.Message == "servers transport 'broken@file' has errors and is left out");
        Assert.Contains(listed, e => e.Path == "http.services.unknown.loadBalancer.serversTransport"
            && e.Message == "servers transport 'nosuch@file' does not exist");
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client.GetAsync("/broken")).StatusCode);
    }

    [Fact]
    public async Task FifoAsCaOrCertificate_NotARegularFileErrorWithinSeconds_OthersServe()
    {
        // A named pipe opened for reading waits for a writer: read as a PEM file, it held the configuration until one came.
        using var lab = new HttpsLab();
        var client = lab.Client("proxy-client");
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        var fifo = Path.Combine(lab.Directory, "pipe.pem");
        var (exitCode, _, mkfifoErrors) = await ToolRun.RunAsync("mkfifo", [fifo], Patience);
        Assert.True(exitCode == 0, mkfifoErrors);
        var yaml = Config([("good", backend.Url, "good"), ("ca", backend.Url, "ca"), ("cert", backend.Url, "cert")],
            Transport("good", $"rootCAs: [{lab.CaFile}]")
            + Transport("ca", $"rootCAs: [{fifo}]")
            + Transport("cert", $"rootCAs: [{lab.CaFile}]\n      certificates:\n        - certFile: {fifo}\n          keyFile: {client.KeyFile}"));

        // Started within TestNode's patience for its routers, which a read waiting on the pipe never gave.
        await using var node = await TestNode.StartAsync(yaml, "good");

        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/good")).StatusCode);
        using var errors = await node.GetApiJsonAsync("/api/errors");
        var listed = errors.RootElement.EnumerateArray()
            .Select(e => (Path: e.GetProperty("path").GetString()!, Message: e.GetProperty("message").GetString()!))
            .ToList();
        Assert.Contains(("http.serversTransports.ca.rootCAs[0]", $"cannot read '{fifo}' on this node: not a regular file (a FIFO)"), listed);
        Assert.Contains(("http.serversTransports.cert.certificates[0].certFile", $"cannot read '{fifo}' on this node: not a regular file (a FIFO)"), listed);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client.GetAsync("/ca")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client.GetAsync("/cert")).StatusCode);
    }

    [Fact]
    public async Task HealthCheck_ProbesThroughTheTransport_PrivateCaBackendIsUp()
    {
        using var lab = new HttpsLab();
        await using var backend = await TlsBackend.StartAsync(lab.ServerForAddress("b", IPAddress.Loopback));
        const string check = "        healthCheck:\n          path: /health\n          interval: 500ms\n          timeout: 2s\n";
        var yaml = Config([("trusted", backend.Url, "right"), ("untrusted", backend.Url, null)], Transport("right", $"rootCAs: [{lab.CaFile}]"), check);
        await using var node = await TestNode.StartAsync(yaml, "trusted", "untrusted");

        // The probe without the transport is refused by the node's own trust: DOWN; with it: UP.
        await Eventually.TrueAsync(async () => await node.ServerStatusAsync("untrusted", backend.Url) == "DOWN", "the probe without the CA to fail");
        Assert.Equal("UP", await node.ServerStatusAsync("trusted", backend.Url));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/trusted")).StatusCode);
    }

    [Fact]
    public async Task Grpc_OverTlsToTheBackend_UnaryServerAndBidiStreaming()
    {
        using var lab = new HttpsLab();
        await using var backend = await GrpcBackend.StartAsync("tls1", lab.ServerForAddress("grpc-backend", IPAddress.Loopback));
        var yaml = GrpcNode.Config(lab, Yaml.Servers(backend.Url), loadBalancerExtra: "        serversTransport: grpc-tls\n")
            .Replace("tls:\n  certificates:", "  serversTransports:\n    grpc-tls:\n      rootCAs: [" + lab.CaFile + "]\ntls:\n  certificates:", StringComparison.Ordinal);
        await using var node = await GrpcNode.StartNodeAsync(lab, yaml);
        using var channel = GrpcClient.Tls(GrpcNode.Host, node.WebPort, lab.Ca);
        var client = new EchoClient(channel);
        using var timeout = new CancellationTokenSource(Patience);

        using var unary = client.UnaryAsync(new EchoRequest { Text = "hello" }, cancellationToken: timeout.Token);
        var reply = await unary.ResponseAsync;
        Assert.Equal(("hello", "tls1", "HTTP/2"), (reply.Text, reply.Backend, reply.Protocol));
        Assert.Equal(StatusCode.OK, unary.GetStatus().StatusCode);

        using var countdown = client.Countdown(new EchoRequest { Text = "t" }, cancellationToken: timeout.Token);
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await countdown.ResponseStream.MoveNext(timeout.Token), $"reply {i + 1} did not arrive");
            seen.Add(countdown.ResponseStream.Current.Text);
            backend.NextReply.Release();
        }

        Assert.False(await countdown.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(["t 3", "t 2", "t 1"], seen);

        using var chat = client.Chat(cancellationToken: timeout.Token);
        foreach (var text in new[] { "a", "b" })
        {
            // Each answer arrives while the stream stays open: nothing waits for the end of the request body.
            await chat.RequestStream.WriteAsync(new EchoRequest { Text = text }, timeout.Token);
            Assert.True(await chat.ResponseStream.MoveNext(timeout.Token), $"the answer to {text} did not arrive");
            Assert.Equal($"re: {text}", chat.ResponseStream.Current.Text);
        }

        await chat.RequestStream.CompleteAsync();
        Assert.False(await chat.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(StatusCode.OK, chat.GetStatus().StatusCode);
    }

    private static string Transport(string name, string body) => $"    {name}:\n      {body}\n";

    /// <summary>A router on <c>/&lt;name&gt;</c> to a service of one server per entry, naming its transport when given.</summary>
    private static string Config(IEnumerable<(string Name, string Url, string? Transport)> routes, string transports, string loadBalancerExtra = "")
    {
        var list = routes.ToList();
        return "http:\n  routers:\n"
            + string.Concat(list.Select(r => $"    {r.Name}:\n      rule: \"PathPrefix(`/{r.Name}`)\"\n      service: {r.Name}\n"))
            + "  services:\n"
            + string.Concat(list.Select(r => $"    {r.Name}:\n      loadBalancer:\n" + Yaml.Servers(r.Url)
                + (r.Transport is null ? "" : $"        serversTransport: {r.Transport}\n") + loadBalancerExtra))
            + "  serversTransports:\n" + transports;
    }
}
