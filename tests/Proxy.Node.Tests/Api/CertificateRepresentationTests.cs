using System.Security.Cryptography;
using System.Text.Json;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;
using Proxy.Node.Api;
using Proxy.Node.Tests.Tls;
using Xunit;

namespace Proxy.Node.Tests.Api;

/// <summary>GET /api/tls/certificates: the JSON every client of the API reads, pinned field by field.</summary>
public sealed class CertificateRepresentationTests
{
    [Fact]
    public void List_FileAcmeBrokenAndDefault_PinnedJson()
    {
        var file = FixedCertificates.Loaded(
            FixedCertificates.Make("shop.example.com", ["shop.example.com", "www.shop.example.com"], [0x01, 0x02]),
            "file:/etc/proxy/dynamic.yml", "tls.certificates[0]") with { Files = new CertificateFiles("/certs/shop.pem", "/certs/shop.key") };
        var acme = FixedCertificates.Loaded(
            FixedCertificates.Make("api.example.com", ["api.example.com", "*.api.example.com"], [0x0A]),
            "acme", "certificatesResolvers.le.acme.certificates[api.example.com,*.api.example.com]") with
        {
            Acme = new AcmeOrigin("le", ["api.example.com", "*.api.example.com"], "node-b", new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero)),
        };
        var fallback = FixedCertificates.Loaded(FixedCertificates.Make("PROXY DEFAULT CERT", [], [0x7F]), "internal", "generated default certificate") with { Names = [] };
        var snapshot = FixedCertificates.Snapshot([file, acme], fallback,
            new ConfigError("file:/etc/proxy/dynamic.yml", "tls.certificates[1].keyFile", "the key in '/certs/b.key' does not match the certificate in '/certs/b.pem'"),
            new ConfigError("acme", "certificatesResolvers.le.acme.certificates[bad.example.com]", "the stored key does not match the certificate"));

        var json = JsonSerializer.Serialize(CertificateRepresentation.List(snapshot), JsonSerializerOptions.Web);

        var expected = $$"""
            [{"name":"tls.certificates[0]","provider":"file:/etc/proxy/dynamic.yml","source":"file","certFile":"/certs/shop.pem","keyFile":"/certs/shop.key",
            "domains":{"main":"shop.example.com","sans":["www.shop.example.com"]},"notBefore":"2026-01-01T00:00:00+00:00","notAfter":"2026-04-01T00:00:00+00:00",
            "issuer":"CN=shop.example.com","serial":"0102","sha256":"{{Fingerprint(file)}}","resolver":null,"orderedBy":null,"obtainedAt":null,"nextRenewal":null,"status":"enabled"},
            {"name":"certificatesResolvers.le.acme.certificates[api.example.com,*.api.example.com]","provider":"acme","source":"acme","certFile":null,"keyFile":null,
            "domains":{"main":"api.example.com","sans":["*.api.example.com"]},"notBefore":"2026-01-01T00:00:00+00:00","notAfter":"2026-04-01T00:00:00+00:00",
            "issuer":"CN=api.example.com","serial":"0A","sha256":"{{Fingerprint(acme)}}","resolver":"le","orderedBy":"node-b","obtainedAt":"2026-01-01T00:05:00+00:00",
            "nextRenewal":"2026-03-02T00:00:00+00:00","status":"enabled"},
            {"name":"tls.certificates[1]","provider":"file:/etc/proxy/dynamic.yml","source":"file","status":"disabled",
            "error":["tls.certificates[1].keyFile: the key in '/certs/b.key' does not match the certificate in '/certs/b.pem'"],
            "errorDetails":[{"source":"file:/etc/proxy/dynamic.yml","path":"tls.certificates[1].keyFile","message":"the key in '/certs/b.key' does not match the certificate in '/certs/b.pem'"}]},
            {"name":"certificatesResolvers.le.acme.certificates[bad.example.com]","provider":"acme","source":"acme","status":"disabled",
            "error":["certificatesResolvers.le.acme.certificates[bad.example.com]: the stored key does not match the certificate"],
            "errorDetails":[{"source":"acme","path":"certificatesResolvers.le.acme.certificates[bad.example.com]","message":"the stored key does not match the certificate"}]},
            {"name":"generated default certificate","provider":"internal","source":"default","certFile":null,"keyFile":null,
            "domains":{"main":null,"sans":[]},"notBefore":"2026-01-01T00:00:00+00:00","notAfter":"2026-04-01T00:00:00+00:00",
            "issuer":"CN=PROXY DEFAULT CERT","serial":"7F","sha256":"{{Fingerprint(fallback)}}","resolver":null,"orderedBy":null,"obtainedAt":null,"nextRenewal":null,"status":"enabled"}]
            """;

        // The API's encoder writes ' as \u0027, as for every other error it shows.
        Assert.Equal(expected.ReplaceLineEndings("").Replace("'", "\\u0027", StringComparison.Ordinal), json);
    }

    [Theory]
    [InlineData(90, 60)] // Let's Encrypt's 90 days: renewed with 30 left, as Traefik does.
    [InlineData(6, 4)]
    public void RenewalDue_Validity_AtOneThirdRemaining(int days, int renewedAfterDays)
    {
        var notBefore = FixedCertificates.NotBefore;

        Assert.Equal(notBefore.AddDays(renewedAfterDays), AcmeOrigin.RenewalDue(notBefore, notBefore.AddDays(days)));
    }

    private static string Fingerprint(LoadedCertificate certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.Certificate.RawData));
}
