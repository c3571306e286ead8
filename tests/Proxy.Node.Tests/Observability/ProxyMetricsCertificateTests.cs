using Proxy.Actors.Configuration;
using Proxy.Actors.Tls;
using Proxy.Node.Observability;
using Proxy.Node.Tests.Tls;
using Prometheus;
using Xunit;

namespace Proxy.Node.Tests.Observability;

/// <summary>proxy_tls_certs_not_after, labelled as Traefik's traefik_tls_certs_not_after.</summary>
public sealed class ProxyMetricsCertificateTests
{
    [Fact]
    public async Task Scrape_ServedCertificates_NotAfterInUnixSecondsWithTraefiksLabels()
    {
        var shop = FixedCertificates.Loaded(
            FixedCertificates.Make("shop.example.com", ["shop.example.com", "www.shop.example.com"], [0x01, 0x00]), "file:/d.yml", "tls.certificates[0]");
        var generated = new GeneratedDefaultCertificate(TimeProvider.System);
        var cell = new CertificateCell(FixedCertificates.Snapshot([shop], generated.Certificate));
        var metrics = new ProxyMetrics(new SnapshotCell(), clusterSystem: null, cell);

        var text = await ScrapeAsync(metrics.Registry);

        Assert.Contains(
            """proxy_tls_certs_not_after{cn="shop.example.com",serial="256",sans="shop.example.com,www.shop.example.com"} 1775001600""",
            text,
            StringComparison.Ordinal);
        // The generated default certificate is nobody's to renew: an alert on it would only be noise.
        Assert.DoesNotContain("PROXY DEFAULT CERT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_CertificateReplaced_OldSeriesGone()
    {
        var old = FixedCertificates.Loaded(FixedCertificates.Make("a.example.com", ["a.example.com"], [0x05]), "file:/d.yml", "tls.certificates[0]");
        var renewed = FixedCertificates.Loaded(FixedCertificates.Make("a.example.com", ["a.example.com"], [0x06]), "file:/d.yml", "tls.certificates[0]");
        var fallback = new GeneratedDefaultCertificate(TimeProvider.System).Certificate;
        var cell = new CertificateCell(FixedCertificates.Snapshot([old], fallback));
        var metrics = new ProxyMetrics(new SnapshotCell(), clusterSystem: null, cell);
        await ScrapeAsync(metrics.Registry);

        cell.Publish(FixedCertificates.Snapshot([renewed], fallback));
        var text = await ScrapeAsync(metrics.Registry);

        Assert.Equal(1, PrometheusText.Value(text, "proxy_tls_certs_not_after", ("serial", "6")) > 0 ? 1 : 0);
        Assert.DoesNotContain("serial=\"5\"", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
