using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// HTTPS on a real node's entry point, with real curl, openssl and .NET clients: the port takes TLS and
/// plain connections alike, the certificate follows SNI, and the tls.options of the routers apply.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class HttpsEntryPointTests
{
    /// <summary>Routers named after their hosts (<c>a.test</c> is router <c>a</c>), to service app; <c>tls</c> lines as given.</summary>
    private static string Routers(string backendUrl, params (string Host, string? Tls)[] routers) =>
        "http:\n  routers:\n"
        + string.Concat(routers.Select(r =>
            $"    {r.Host.Split('.')[0]}:\n      rule: \"Host(`{r.Host}`)\"\n      service: app\n"
            + (r.Tls is null ? "" : $"      tls: {r.Tls}\n")))
        + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(backendUrl);

    private static string[] Names(params (string Host, string? Tls)[] routers) => [.. routers.Select(r => r.Host.Split('.')[0])];

    [Fact]
    public async Task Https_TlsRouter_ServedWithItsCertificateOverHttp2AndHttp11()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 41);
        (string, string?)[] routers = [("a.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("a", "a.test")]), Names(routers));

        var http2 = await lab.CurlAsync("a.test", node.WebPort, "/", "--http2");
        var http11 = await lab.CurlAsync("a.test", node.WebPort, "/", "--http1.1");

        Assert.True(http2.ExitCode == 0, http2.ToString());
        Assert.Equal("200 2", http2.StatusLine);
        Assert.Equal("b", http2.Body);
        Assert.True(http11.ExitCode == 0, http11.ToString());
        Assert.Equal("200 1.1", http11.StatusLine);
        Assert.Equal(2, backend.Requests);
        Assert.All(backend.Received, r => Assert.Equal("https", r.Headers.GetValueOrDefault("X-Forwarded-Proto")));
    }

    [Fact]
    public async Task Https_TlsAndPlainRouters_EachOnlyOnItsKindOfConnection()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 42);
        (string, string?)[] routers = [("secure.test", "{}"), ("plain.test", null)];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("s", "secure.test", "plain.test")]), Names(routers));

        Assert.Equal("200 2", (await lab.CurlAsync("secure.test", node.WebPort)).StatusLine);
        Assert.Equal("404 2", (await lab.CurlAsync("plain.test", node.WebPort)).StatusLine);
        Assert.Equal(200, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "plain.test")).Status);
        Assert.Equal(404, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "secure.test")).Status);
    }

    [Fact]
    public async Task Https_TwoCertificatesAndWildcard_SniPicksTheOneCoveringTheName()
    {
        using var lab = new HttpsLab();
        (string, string?)[] routers = [("one.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers("http://127.0.0.1:9", routers)
            + HttpsLab.TlsSection([lab.Server("one", "one.test"), lab.Server("two", "two.test"), lab.Server("wild", "*.wild.test")]),
            Names(routers));

        Assert.Contains("subject=CN = one.test", (await HttpsLab.SClientAsync(node.WebPort, "one.test")).Stdout);
        Assert.Contains("subject=CN = two.test", (await HttpsLab.SClientAsync(node.WebPort, "two.test")).Stdout);
        Assert.Contains("subject=CN = *.wild.test", (await HttpsLab.SClientAsync(node.WebPort, "x.wild.test")).Stdout);
        // A wildcard covers one label only: the node's generated default certificate answers.
        Assert.Contains("subject=CN = PROXY DEFAULT CERT", (await HttpsLab.SClientAsync(node.WebPort, "y.x.wild.test")).Stdout);
    }

    [Fact]
    public async Task Https_SniStrict_UnknownNameRefusedKnownNameServed()
    {
        using var lab = new HttpsLab();
        (string, string?)[] routers = [("a.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers("http://127.0.0.1:9", routers)
            + HttpsLab.TlsSection([lab.Server("a", "a.test")], "  options:\n    default:\n      sniStrict: true\n"),
            Names(routers));

        var known = await HttpsLab.SClientAsync(node.WebPort, "a.test");
        var unknown = await HttpsLab.SClientAsync(node.WebPort, "unknown.test");
        var none = await HttpsLab.SClientAsync(node.WebPort, null);

        Assert.Contains("subject=CN = a.test", known.Stdout);
        Assert.DoesNotContain("subject=", unknown.Stdout);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.DoesNotContain("subject=", none.Stdout);
    }

    [Fact]
    public async Task Https_MinVersionTls13_Tls12ClientRefused()
    {
        using var lab = new HttpsLab();
        (string, string?)[] routers = [("a.test", "\n        options: modern")];
        await using var backend = await TestBackend.StartAsync("b", 43);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection([lab.Server("a", "a.test")], "  options:\n    modern:\n      minVersion: VersionTLS13\n"),
            Names(routers));

        var tls12 = await lab.CurlAsync("a.test", node.WebPort, "/", "--tls-max", "1.2");
        var tls13 = await lab.CurlAsync("a.test", node.WebPort, "/", "--tlsv1.3");

        Assert.NotEqual(0, tls12.ExitCode);
        Assert.Equal("200 2", tls13.StatusLine);
    }

    [Fact]
    public async Task Https_RequireAndVerifyClientCert_OnlyACertificateOfTheCaPasses()
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        using var stranger = new HttpsLab("Stranger CA");
        (string, string?)[] routers = [("m.test", "\n        options: mtls")];
        await using var backend = await TestBackend.StartAsync("b", 44);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection(
                [lab.Server("m", "m.test")],
                $"  options:\n    mtls:\n      clientAuth:\n        caFiles: [{clients.CaFile}]\n        clientAuthType: RequireAndVerifyClientCert\n"),
            Names(routers));
        var good = lab.Client("good", clients);
        var bad = lab.Client("bad", stranger);

        var without = await lab.CurlAsync("m.test", node.WebPort);
        var signed = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", good.CertFile, "--key", good.KeyFile);
        var foreign = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", bad.CertFile, "--key", bad.KeyFile);

        Assert.NotEqual(0, without.ExitCode);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Equal("200 2", signed.StatusLine);
        Assert.NotEqual(0, foreign.ExitCode);
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task Https_EntryPointTlsDefaults_RouterWithoutTlsIsATlsRouter()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 45);
        (string, string?)[] routers = [("a.test", null)];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("a", "a.test")]),
            Names(routers),
            ["--entrypoints.web.http.tls=true"]);

        Assert.Equal("200 2", (await lab.CurlAsync("a.test", node.WebPort)).StatusLine);
        Assert.Equal(404, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "a.test")).Status);
    }

    [Fact]
    public async Task WebSocket_OverTls_MessagesComeBack()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 46);
        (string, string?)[] routers = [("ws.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("ws", "ws.test")]), Names(routers));
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => ChainsTo(certificate, lab.Ca) },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri($"wss://ws.test:{node.WebPort}/ws"), invoker, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("over tls"), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);

        Assert.Equal("over tls", Encoding.UTF8.GetString(buffer, 0, result.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task TlsAlpn01_ChallengeCertificate_ServedOnlyToAcmeTlsClientAndNeverReachesHttp()
    {
        using var lab = new HttpsLab();
        using var challengeLab = new HttpsLab("ACME Challenge");
        await using var backend = await TestBackend.StartAsync("b", 47);
        (string, string?)[] routers = [("c.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("c", "c.test")]), Names(routers));
        var files = challengeLab.Server("challenge", "c.test");
        var challenge = X509Certificate2.CreateFromPemFile(files.CertFile, files.KeyFile);
        var cell = node.Services.GetRequiredService<CertificateCell>();
        cell.Publish(cell.Current with
        {
            AlpnChallenges = cell.Current.AlpnChallenges.Add("c.test", new LoadedCertificate(challenge, [], ["c.test"], "acme", "tls-alpn-01")),
        });

        var acme = await HttpsLab.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{node.WebPort}", "-servername", "c.test", "-alpn", "acme-tls/1", "-ign_eof"],
            stdin: "GET / HTTP/1.1\r\nHost: c.test\r\n\r\n");
        var ordinary = await HttpsLab.SClientAsync(node.WebPort, "c.test", "-alpn", "h2,http/1.1");

        Assert.Contains("subject=CN = c.test", acme.Stdout);
        Assert.Contains("issuer=CN = ACME Challenge", acme.Stdout);
        Assert.Contains("ALPN protocol: acme-tls/1", acme.Stdout);
        Assert.DoesNotContain("HTTP/1.1 ", acme.Stdout);
        Assert.Contains("issuer=CN = Proxy Test CA", ordinary.Stdout);
        Assert.Contains("ALPN protocol: h2", ordinary.Stdout);
        Assert.Equal("200 2", (await lab.CurlAsync("c.test", node.WebPort)).StatusLine);
        Assert.Equal(1, backend.Requests);
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
