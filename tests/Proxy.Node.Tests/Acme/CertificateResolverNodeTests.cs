using Proxy.Actors.Tests.Certificates.Acme;
using Proxy.Node.Tests.Integration;
using Proxy.Node.Tests.Integration.Https;
using Xunit;

namespace Proxy.Node.Tests.Acme;

/// <summary>
/// A real node with a certificate resolver against a real pebble: pebble validates HTTP-01 on the
/// node's entry point (its httpPort is the entry point's port), and curl trusting only pebble's root
/// then gets the router's answer over HTTPS with a certificate for the router's host.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class CertificateResolverNodeTests : IClassFixture<PebbleServer>
{
    private static readonly TimeSpan IssueLimit = TimeSpan.FromSeconds(60);
    private readonly PebbleServer _pebble;

    public CertificateResolverNodeTests(PebbleServer pebble) => _pebble = pebble;

    [PebbleFact]
    public async Task Https_RouterWithCertResolver_CertificateFromPebbleServesTheRoutersHost()
    {
        const string host = "shop.resolver.test";
        var directory = Directory.CreateTempSubdirectory("proxy-it-acme-").FullName;
        try
        {
            var (caFile, rootFile) = await PebbleTrust.WriteAsync(_pebble, directory);
            await using var backend = await TestBackend.StartAsync("shop", 61);
            await using var node = await TestNode.StartAsync(ResolverSetup.Routes(host, backend.Url, "pebble"), ["shop"], Flags(directory, caFile));

            var served = await EventuallyCurlAsync(host, _pebble.HttpPort, rootFile);

            Assert.True(served.ExitCode == 0, served.ToString());
            Assert.Equal("200 2", served.StatusLine);
            Assert.Equal("shop", served.Body);
            var subject = await HttpsLab.SClientAsync(_pebble.HttpPort, host);
            Assert.Contains($"subject=CN = {host}", subject.Stdout, StringComparison.Ordinal);
            using var router = await node.GetApiJsonAsync("/api/http/routers/shop@file");
            Assert.Equal("enabled", router.RootElement.GetProperty("status").GetString());
            Assert.True(File.Exists(Path.Combine(directory, "acme.json")), "the certificate was not written to the node's storage file");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PebbleFact]
    public async Task Https_TlsChallenge_CertificateFromPebbleThroughTlsAlpn01OnTheEntryPoint()
    {
        const string host = "alpn.resolver.test";
        var directory = Directory.CreateTempSubdirectory("proxy-it-acme-").FullName;
        try
        {
            var (caFile, rootFile) = await PebbleTrust.WriteAsync(_pebble, directory);
            await using var backend = await TestBackend.StartAsync("alpn", 63);
            string[] flags =
            [
                // Pebble validates TLS-ALPN-01 on its tlsPort: the entry point listens there.
                $"--entrypoints.web.address=127.0.0.1:{_pebble.TlsPort}",
                $"--certificatesresolvers.pebble.acme.caserver={_pebble.DirectoryUrl}",
                $"--certificatesresolvers.pebble.acme.storage={Path.Combine(directory, "acme.json")}",
                "--certificatesresolvers.pebble.acme.tlschallenge=true",
                "--certificatesresolvers.pebble.acme.keytype=RSA2048",
                $"--certificatesresolvers.pebble.acme.cacertificates={caFile}",
            ];
            await using var node = await TestNode.StartAsync(ResolverSetup.Routes(host, backend.Url, "pebble"), ["shop"], flags);

            var served = await EventuallyCurlAsync(host, _pebble.TlsPort, rootFile);

            Assert.True(served.ExitCode == 0, served.ToString());
            Assert.Equal("200 2", served.StatusLine);
            Assert.Equal("alpn", served.Body);
            var handshake = await HttpsLab.SClientAsync(_pebble.TlsPort, host);
            Assert.Contains($"subject=CN = {host}", handshake.Stdout, StringComparison.Ordinal);
            Assert.Contains("RSA", handshake.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [PebbleFact]
    public async Task Api_RouterNamingAnUnknownResolver_WarningWithTheErrorAndTheDefaultCertificate()
    {
        const string host = "unknown.resolver.test";
        var directory = Directory.CreateTempSubdirectory("proxy-it-acme-").FullName;
        try
        {
            var (caFile, _) = await PebbleTrust.WriteAsync(_pebble, directory);
            await using var backend = await TestBackend.StartAsync("shop", 62);
            await using var node = await TestNode.StartAsync(ResolverSetup.Routes(host, backend.Url, "letsencrypt"), [], Flags(directory, caFile));

            await Eventually.TrueAsync(async () =>
            {
                using var router = await node.GetApiJsonAsync("/api/http/routers/shop@file");
                return router.RootElement.GetProperty("status").GetString() == "warning";
            }, "router shown with a warning");
            using var shown = await node.GetApiJsonAsync("/api/http/routers/shop@file");
            var error = Assert.Single(shown.RootElement.GetProperty("error").EnumerateArray()).GetString();
            Assert.Contains("router shop@file uses a nonexistent certificate resolver letsencrypt (configured: pebble)", error, StringComparison.Ordinal);
            using var errors = await node.GetApiJsonAsync("/api/errors");
            Assert.Contains(errors.RootElement.EnumerateArray(), e => e.GetProperty("source").GetString() == "certificate resolver");
            Assert.Contains("subject=CN = PROXY DEFAULT CERT", (await HttpsLab.SClientAsync(_pebble.HttpPort, host)).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string[] Flags(string directory, string caFile) =>
    [
        // The entry point pebble validates HTTP-01 on; TLS is served on the same port.
        $"--entrypoints.web.address=127.0.0.1:{_pebble.HttpPort}",
        "--certificatesresolvers.pebble.acme.email=ops@example.com",
        .. ResolverSetup.PebbleFlags(_pebble, Path.Combine(directory, "acme.json"), caFile),
    ];

    private static async Task<ToolResult> EventuallyCurlAsync(string host, int port, string rootFile)
    {
        var deadline = DateTime.UtcNow + IssueLimit;
        while (true)
        {
            var result = await HttpsLab.RunAsync("curl",
            [
                "-sS", "--max-time", "10", "--noproxy", "*", "--resolve", $"{host}:{port}:127.0.0.1", "--cacert", rootFile,
                "-o", "-", "-w", "\n%{http_code} %{http_version}", $"https://{host}:{port}/",
            ]);
            if (result.ExitCode == 0 || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(250);
        }
    }
}
