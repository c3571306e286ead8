using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using Proxy.Node.Tests.Tls;
using static Microsoft.Playwright.Assertions;

namespace Proxy.Node.Tests.Integration.Dashboard;

/// <summary>The dashboard's certificates page in a real browser: a file certificate with its names and expiry, a broken one with its error, the default one.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CertificatesPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("proxy-dash-certs-").FullName;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(10_000);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [ChromiumFact]
    public async Task Certificates_FileAndBrokenFile_RowsWithNamesExpiryAndError()
    {
        var shop = FixedCertificates.Make("shop.example.com", ["shop.example.com", "www.shop.example.com"], [0x41], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certFile = Path.Combine(_folder, "shop.pem");
        var keyFile = Path.Combine(_folder, "shop.key");
        await File.WriteAllTextAsync(certFile, shop.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, shop.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(a.Url))
            + "tls:\n  certificates:\n"
            + $"    - certFile: {certFile}\n      keyFile: {keyFile}\n"
            + $"    - certFile: {Path.Combine(_folder, "missing.pem")}\n      keyFile: {keyFile}\n";
        await using var node = await TestNode.StartAsync(yaml, "app");
        var page = await _browser!.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/certificates");

        var rows = page.Locator("tr");
        var served = rows.Filter(new() { HasText = "tls.certificates[0]" });
        await Expect(served).ToContainTextAsync("www.shop.example.com");
        await Expect(served).ToContainTextAsync(certFile);
        await Expect(served).ToContainTextAsync("days left");
        await Expect(served).ToContainTextAsync("enabled");
        var broken = rows.Filter(new() { HasText = "tls.certificates[1]" });
        await Expect(broken).ToContainTextAsync("disabled");
        await Expect(broken).ToContainTextAsync("no such file");
        await Expect(rows.Filter(new() { HasText = "generated default certificate" })).ToContainTextAsync("CN=PROXY DEFAULT CERT");
        await Chromium.ScreenshotAsync(page, "certificates");
    }
}
