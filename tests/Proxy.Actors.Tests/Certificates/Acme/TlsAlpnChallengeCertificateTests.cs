using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

public sealed class TlsAlpnChallengeCertificateTests
{
    [Fact]
    public void Create_KeyAuthorization_CriticalAcmeIdentifierHoldsItsSha256AndNameIsTheOnlySan()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        using var certificate = TlsAlpnChallengeCertificate.Create("a.example.com", "token.thumb", time);

        var extension = certificate.Extensions[TlsAlpnChallengeCertificate.AcmeIdentifierOid]!;
        Assert.True(extension.Critical);
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("token.thumb")), reader.ReadOctetString());
        Assert.False(reader.HasData);
        Assert.Equal(["a.example.com"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(certificate.NotBefore.ToUniversalTime() <= time.GetUtcNow().UtcDateTime);
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void KeyAuthorization_Es256Key_TokenDotRfc7638Thumbprint()
    {
        using var key = AcmeAccountKey.CreateEs256();

        var thumbprint = Base64UrlOf(SHA256.HashData(Encoding.UTF8.GetBytes(key.Jwk)));

        Assert.StartsWith("""{"crv":"P-256","kty":"EC","x":""", key.Jwk);
        Assert.Equal("tok." + thumbprint, key.KeyAuthorization("tok"));
        Assert.Equal("ES256", key.Algorithm);
    }

    [Fact]
    public void FromPem_ExportedRsaKey_SameThumbprintAndRs256()
    {
        using var key = AcmeAccountKey.CreateRs256();

        using var loaded = AcmeAccountKey.FromPem(key.ExportPem());

        Assert.Equal(key.Thumbprint, loaded.Thumbprint);
        Assert.Equal("RS256", loaded.Algorithm);
    }

    private static string Base64UrlOf(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
