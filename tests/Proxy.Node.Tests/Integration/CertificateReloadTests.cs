using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Proxy.Node.Tests.Tls;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The certificate store on a real node: a certificate file replaced on disk serves the next handshake
/// while a keep-alive connection opened before keeps its certificate and keeps working; a file that
/// turns bad shows its error in the API while the other certificates keep serving.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class CertificateReloadTests : IDisposable
{
    private const string Shop = "shop.example.com";
    private const string Blog = "blog.example.com";
    private readonly string _folder = Directory.CreateTempSubdirectory("proxy-certs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task CertificateFileReplaced_NextHandshakeGetsNewOne_OpenConnectionKeepsWorking()
    {
        var old = Certificate(Shop, 0x11);
        var (certFile, keyFile) = Write("shop", old);
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, (certFile, keyFile)), "app");
        using var kept = new TlsClient(node.WebPort, Shop);
        await Eventually.TrueAsync(async () => await kept.SerialAsync() == old.SerialNumber, "the first certificate served");

        // Written beside and renamed over, as cert-manager's or an editor's writes land.
        var renewed = Certificate(Shop, 0x22);
        var (newCert, newKey) = Write("shop-new", renewed);
        File.Move(newKey, keyFile, overwrite: true);
        File.Move(newCert, certFile, overwrite: true);

        await Eventually.TrueAsync(
            async () =>
            {
                using var fresh = new TlsClient(node.WebPort, Shop);
                return await fresh.SerialAsync() == renewed.SerialNumber;
            },
            "a new connection to get the renewed certificate");
        var handshakesBefore = kept.Handshakes;
        using var response = await kept.Client.GetAsync($"https://{Shop}:{node.WebPort}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a", await response.Content.ReadAsStringAsync());
        Assert.Equal(handshakesBefore, kept.Handshakes);
        Assert.Equal(old.SerialNumber, kept.LastSerial);
        using var listed = await node.GetApiJsonAsync("/api/tls/certificates");
        Assert.Contains(listed.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "tls.certificates[0]"
            && c.GetProperty("serial").GetString() == renewed.SerialNumber && c.GetProperty("status").GetString() == "enabled");
    }

    [Fact]
    public async Task CertificateFileTurnsBad_ErrorInApiAndOthersKeepServing()
    {
        var shop = Write("shop", Certificate(Shop, 0x31));
        var blog = Certificate(Blog, 0x32);
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, shop, Write("blog", blog)), "app");
        using (var first = new TlsClient(node.WebPort, Shop))
        {
            await Eventually.TrueAsync(async () => await first.SerialAsync() == "31", "the shop certificate served");
        }

        await File.WriteAllTextAsync(shop.CertFile, "not a certificate");

        await Eventually.TrueAsync(
            async () =>
            {
                using var errors = await node.GetApiJsonAsync("/api/errors");
                return errors.RootElement.EnumerateArray().Any(e => e.GetProperty("path").GetString() == "tls.certificates[0].certFile"
                    && e.GetProperty("message").GetString()!.Contains("holds no PEM certificate", StringComparison.Ordinal));
            },
            "the broken certificate's error in /api/errors");
        using var listed = await node.GetApiJsonAsync("/api/tls/certificates");
        Assert.Contains(listed.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "tls.certificates[0]"
            && c.GetProperty("status").GetString() == "disabled");
        using var blogClient = new TlsClient(node.WebPort, Blog);
        Assert.Equal(blog.SerialNumber, await blogClient.SerialAsync());
        using var shopClient = new TlsClient(node.WebPort, Shop);
        Assert.NotEqual("31", await shopClient.SerialAsync());
    }

    private static X509Certificate2 Certificate(string name, byte serial) =>
        FixedCertificates.Make(name, [name], [serial], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    private (string CertFile, string KeyFile) Write(string name, X509Certificate2 certificate)
    {
        var certFile = Path.Combine(_folder, name + ".pem");
        var keyFile = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    private static string Config(string backend, params (string CertFile, string KeyFile)[] certificates) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "      tls: {}\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backend)
        + "tls:\n"
        + "  certificates:\n"
        + string.Concat(certificates.Select(c => $"    - certFile: {c.CertFile}\n      keyFile: {c.KeyFile}\n"));

    /// <summary>An HTTPS client that sends <c>serverName</c> as SNI to the node's loopback port and records each handshake's certificate.</summary>
    private sealed class TlsClient : IDisposable
    {
        private readonly int _port;
        private readonly string _serverName;
        private int _handshakes;

        public TlsClient(int port, string serverName)
        {
            _port = port;
            _serverName = serverName;
            var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                ConnectCallback = async (_, cancel) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                // Self-signed test certificates: what is checked is which one the node chose.
                LastSerial = certificate is null ? null : new X509Certificate2(certificate).SerialNumber;
                Interlocked.Increment(ref _handshakes);
                return true;
            };
            Client = new HttpClient(handler);
        }

        public HttpClient Client { get; }

        public string? LastSerial { get; private set; }

        public int Handshakes => Volatile.Read(ref _handshakes);

        public async Task<string?> SerialAsync()
        {
            using var response = await Client.GetAsync($"https://{_serverName}:{_port}/");
            response.EnsureSuccessStatusCode();
            return LastSerial;
        }

        public void Dispose() => Client.Dispose();
    }
}
