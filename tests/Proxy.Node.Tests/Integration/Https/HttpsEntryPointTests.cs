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
        await TlsReadyAsync(node, ["a.test"]);

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
        await TlsReadyAsync(node, ["secure.test"]);

        Assert.Equal("200 2", (await lab.CurlAsync("secure.test", node.WebPort)).StatusLine);
        Assert.Equal("404 2", (await lab.CurlAsync("plain.test", node.WebPort)).StatusLine);
        Assert.Equal(200, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "plain.test")).Status);
        Assert.Equal(404, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "secure.test")).Status);
    }

    [Fact]
    public async Task Plain_FirstBytesLateOrSplit_ServedAsBefore()
    {
        await using var backend = await TestBackend.StartAsync("b", 50);
        (string, string?)[] routers = [("plain.test", null)];
        await using var node = await TestNode.StartAsync(Routers(backend.Url, routers), Names(routers));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, node.WebPort);
        var stream = client.GetStream();

        // Nothing at accept: the peek waits for the first byte; then the request comes in two pieces.
        await Task.Delay(300);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("G"));
        await Task.Delay(100);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("ET / HTTP/1.1\r\nHost: plain.test\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 200 OK", response);
        Assert.Contains("X-Backend: b", response);
    }

    [Fact]
    public async Task Stop_ConnectionThatSentNothing_DoesNotHoldTheNode()
    {
        (string, string?)[] routers = [("plain.test", null)];
        var node = await TestNode.StartAsync(Routers("http://127.0.0.1:9", routers), Names(routers));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, node.WebPort);
        await Task.Delay(200);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await node.DisposeAsync();

        // The grace time is 10 s: an idle connection must be closed at once, as Kestrel closes an idle HTTP one.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
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
        await TlsReadyAsync(node, ["one.test", "two.test", "x.wild.test"]);

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
        await TlsReadyAsync(node, ["a.test"], ("a.test", "default@file"), ("unknown.test", "default@file"));

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
        await TlsReadyAsync(node, ["a.test"], ("a.test", "modern@file"));

        var tls12 = await lab.CurlAsync("a.test", node.WebPort, "/", "--tls-max", "1.2");
        var tls13 = await lab.CurlAsync("a.test", node.WebPort, "/", "--tlsv1.3");

        Assert.NotEqual(0, tls12.ExitCode);
        Assert.Equal("200 2", tls13.StatusLine);
    }

    [Fact]
    public async Task Https_CipherSuitesByGoName_OnlyThoseOfferedForTls12()
    {
        using var lab = new HttpsLab();
        (string, string?)[] routers = [("a.test", "\n        options: narrow")];
        await using var backend = await TestBackend.StartAsync("b", 52);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection(
                [lab.Server("a", "a.test")],
                "  options:\n    narrow:\n      maxVersion: VersionTLS12\n      cipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n"),
            Names(routers));
        await TlsReadyAsync(node, ["a.test"], ("a.test", "narrow@file"));

        var listed = await lab.CurlAsync("a.test", node.WebPort, "/", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256");
        var other = await lab.CurlAsync("a.test", node.WebPort, "/", "--ciphers", "ECDHE-ECDSA-AES256-GCM-SHA384");
        var tls13 = await lab.CurlAsync("a.test", node.WebPort, "/", "--tlsv1.3");

        Assert.True(listed.StatusLine == "200 2", listed.ToString());
        Assert.NotEqual(0, other.ExitCode);
        Assert.NotEqual(0, tls13.ExitCode);
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
        await TlsReadyAsync(node, ["m.test"], ("m.test", "mtls@file"));
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

    [Theory]
    [InlineData("RequestClientCert", true, true)]
    [InlineData("RequireAnyClientCert", false, true)]
    [InlineData("VerifyClientCertIfGiven", true, false)]
    public async Task Https_OtherClientAuthTypes_AsTraefiksGo(string clientAuthType, bool withoutServed, bool foreignServed)
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        using var stranger = new HttpsLab("Stranger CA");
        (string, string?)[] routers = [("m.test", "\n        options: auth")];
        await using var backend = await TestBackend.StartAsync("b", 51);
        var caFiles = clientAuthType == "VerifyClientCertIfGiven" ? $"        caFiles: [{clients.CaFile}]\n" : "";
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection([lab.Server("m", "m.test")], $"  options:\n    auth:\n      clientAuth:\n{caFiles}        clientAuthType: {clientAuthType}\n"),
            Names(routers));
        await TlsReadyAsync(node, ["m.test"], ("m.test", "auth@file"));
        var good = lab.Client("good", clients);
        var bad = lab.Client("bad", stranger);

        var without = await lab.CurlAsync("m.test", node.WebPort);
        var signed = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", good.CertFile, "--key", good.KeyFile);
        var foreign = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", bad.CertFile, "--key", bad.KeyFile);

        Assert.True(withoutServed == (without.StatusLine == "200 2"), without.ToString());
        Assert.True(signed.StatusLine == "200 2", signed.ToString());
        Assert.True(foreignServed == (foreign.StatusLine == "200 2"), foreign.ToString());
    }

    [Fact]
    public async Task Https_HostWithOtherOptionsThanSni_421MisdirectedAsTraefik()
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        (string, string?)[] routers = [("m.test", "\n        options: mtls"), ("a.test", "{}")];
        await using var backend = await TestBackend.StartAsync("b", 49);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection(
                [lab.Server("both", "a.test", "m.test")],
                $"  options:\n    mtls:\n      clientAuth:\n        caFiles: [{clients.CaFile}]\n        clientAuthType: RequireAndVerifyClientCert\n"),
            Names(routers));
        await TlsReadyAsync(node, ["a.test", "m.test"], ("m.test", "mtls@file"));

        // Set up under a.test (no client certificate asked), then asking for m.test by Host.
        var fronted = await lab.CurlAsync("a.test", node.WebPort, "/", "-H", "Host: m.test");
        var same = await lab.CurlAsync("a.test", node.WebPort, "/", "-H", "Host: A.test:" + node.WebPort);

        Assert.Equal("421 2", fronted.StatusLine);
        Assert.Equal("200 2", same.StatusLine);
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task Https_RouterWithoutHostRequiringClientCert_421WithoutCertificateAndOverOtherSni()
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        await using var backend = await TestBackend.StartAsync("b", 54);
        // The PathPrefix router ranks first (longer rule); m.test is the one host whose SNI applies mtls.
        var yaml = Routers(backend.Url, ("a.test", "{}"), ("m.test", "\n        options: mtls"))
            .Replace("  services:", "    admin:\n      rule: \"PathPrefix(`/admin`)\"\n      service: app\n      tls:\n        options: mtls\n  services:", StringComparison.Ordinal)
            + HttpsLab.TlsSection(
                [lab.Server("both", "a.test", "m.test")],
                $"  options:\n    mtls:\n      clientAuth:\n        caFiles: [{clients.CaFile}]\n        clientAuthType: RequireAndVerifyClientCert\n");
        await using var node = await TestNode.StartAsync(yaml, "a", "m");
        await TlsReadyAsync(node, ["a.test", "m.test"], ("m.test", "mtls@file"));
        var good = lab.Client("good", clients);
        await Eventually.TrueAsync(
            async () => (await lab.CurlAsync("m.test", node.WebPort, "/admin", "--cert", good.CertFile, "--key", good.KeyFile)).StatusLine == "200 2",
            "the admin router to serve over m.test with a client certificate");
        var served = backend.Requests;

        var withoutCertificate = await lab.CurlAsync("a.test", node.WebPort, "/admin");
        var otherSni = await lab.CurlAsync("z.test", node.WebPort, "/admin", "-k", "--cert", good.CertFile, "--key", good.KeyFile);
        using var routers = await node.GetApiJsonAsync("/api/http/routers");
        var admin = routers.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "admin@file");

        Assert.Equal("421 2", withoutCertificate.StatusLine);
        Assert.Equal("421 2", otherSni.StatusLine);
        Assert.Equal(served, backend.Requests);
        Assert.Equal("warning", admin.GetProperty("status").GetString());
        Assert.Contains("no domain found in rule", admin.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ClientCertificateWithoutClientAuthUsage_RefusedAsGo()
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        (string, string?)[] routers = [("m.test", "\n        options: mtls")];
        await using var backend = await TestBackend.StartAsync("b", 55);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection(
                [lab.Server("m", "m.test")],
                $"  options:\n    mtls:\n      clientAuth:\n        caFiles: [{clients.CaFile}]\n        clientAuthType: RequireAndVerifyClientCert\n"),
            Names(routers));
        await TlsReadyAsync(node, ["m.test"], ("m.test", "mtls@file"));
        // Signed by the client CA, but for serverAuth only.
        var serverOnly = clients.Server("server-only", "client.test");
        var good = lab.Client("good", clients);

        var refused = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", serverOnly.CertFile, "--key", serverOnly.KeyFile);
        var accepted = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", good.CertFile, "--key", good.KeyFile);

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.True(accepted.StatusLine == "200 2", accepted.ToString());
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task Https_ClientCaFileRotated_NewCaAcceptedWithoutConfigurationChange()
    {
        using var lab = new HttpsLab();
        using var clients = new HttpsLab("Client CA");
        using var rotated = new HttpsLab("Rotated Client CA");
        (string, string?)[] routers = [("m.test", "\n        options: mtls")];
        await using var backend = await TestBackend.StartAsync("b", 56);
        var caFile = Path.Combine(clients.Directory, "clients-ca.pem");
        File.Copy(clients.CaFile, caFile);
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers)
            + HttpsLab.TlsSection(
                [lab.Server("m", "m.test")],
                $"  options:\n    mtls:\n      clientAuth:\n        caFiles: [{caFile}]\n        clientAuthType: RequireAndVerifyClientCert\n"),
            Names(routers));
        await TlsReadyAsync(node, ["m.test"], ("m.test", "mtls@file"));
        var fromRotated = lab.Client("rotated", rotated);
        var before = await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", fromRotated.CertFile, "--key", fromRotated.KeyFile);

        // Renamed over the old file, as an operator's tooling (or a Kubernetes secret) replaces it.
        File.Copy(rotated.CaFile, caFile + ".new");
        File.Move(caFile + ".new", caFile, overwrite: true);

        Assert.NotEqual(0, before.ExitCode);
        await Eventually.TrueAsync(
            async () => (await lab.CurlAsync("m.test", node.WebPort, "/", "--cert", fromRotated.CertFile, "--key", fromRotated.KeyFile)).StatusLine == "200 2",
            "a client certificate from the rotated CA to be accepted");
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
        await TlsReadyAsync(node, ["a.test"]);

        Assert.Equal("200 2", (await lab.CurlAsync("a.test", node.WebPort)).StatusLine);
        Assert.Equal(404, (await RawHttp.SendAsync(node.WebPort, "GET", "/", "a.test")).Status);
    }

    [Fact]
    public async Task Redirect_PlainToTlsEntryPoint_FollowedToHttpsAndTlsOnTheRedirectingEntryPointRouted()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 48);
        var secureAddress = IPAddress.Parse("127.0.0.33");
        var securePort = FreePort.Next(secureAddress);
        (string, string?)[] routers = [("a.test", null)];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("a", "a.test")]),
            Names(routers),
            [
                $"--entrypoints.websecure.address={secureAddress}:{securePort}",
                "--entrypoints.websecure.http.tls=true",
                "--entrypoints.web.http.redirections.entrypoint.to=websecure",
                "--entrypoints.web.http.tls=true",
            ]);
        await TlsReadyAsync(node, ["a.test"]);

        var plain = await RawHttp.SendAsync(node.WebPort, "GET", "/x?y=1", "a.test");
        var followed = await HttpsLab.RunAsync("curl",
        [
            "-sS", "--max-time", "10", "--noproxy", "*", "-L", "--cacert", lab.CaFile,
            "--resolve", $"a.test:{node.WebPort}:127.0.0.1", "--resolve", $"a.test:{securePort}:{secureAddress}",
            "-o", "-", "-w", "\n%{http_code} %{url_effective}", $"http://a.test:{node.WebPort}/x?y=1",
        ]);
        var tlsOnWeb = await lab.CurlAsync("a.test", node.WebPort, "/z");

        Assert.Equal(301, plain.Status);
        Assert.Equal($"https://a.test:{securePort}/x?y=1", plain.Headers["Location"]);
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Equal($"200 https://a.test:{securePort}/x?y=1", followed.StatusLine);
        Assert.Equal("200 2", tlsOnWeb.StatusLine);
        Assert.Equal(["/x?y=1", "/z"], backend.Received.Select(r => r.Path));
    }

    [Fact]
    public async Task WebSocket_OverTls_MessagesComeBack()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 46);
        (string, string?)[] routers = [("ws.test", "{}")];
        await using var node = await TestNode.StartAsync(
            Routers(backend.Url, routers) + HttpsLab.TlsSection([lab.Server("ws", "ws.test")]), Names(routers));
        await TlsReadyAsync(node, ["ws.test"]);
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, lab.Ca) },
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
        await TlsReadyAsync(node, ["c.test"]);
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

    /// <summary>
    /// Waits until the handshakes see the configuration the routers serve: the certificate store and the
    /// options table follow it on their own actors, a moment apart from the routing snapshot.
    /// </summary>
    private static Task TlsReadyAsync(TestNode node, string[] certified, params (string Host, string Options)[] options) =>
        Eventually.TrueAsync(
            () =>
            {
                var certificates = node.Services.GetRequiredService<CertificateCell>().Current;
                var table = node.Services.GetRequiredService<Proxy.Node.Tls.HandshakeOptionsCell>().Current;
                return certified.All(host => certificates.Match(host) is not null)
                    && options.All(o => table.For("web", o.Host).Name == o.Options);
            },
            "the TLS configuration to reach the handshakes");
}
