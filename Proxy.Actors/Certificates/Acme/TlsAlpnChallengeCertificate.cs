using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// The self-signed certificate a TLS-ALPN-01 challenge is answered with (RFC 8737): the name as its
/// only SAN and the critical acmeIdentifier extension holding SHA-256 of the key authorization,
/// presented only on a handshake that offers ALPN <see cref="Protocol"/>.
/// </summary>
public static class TlsAlpnChallengeCertificate
{
    /// <summary>The ALPN protocol the CA's validation handshake offers, and the only one to accept.</summary>
    public const string Protocol = "acme-tls/1";

    /// <summary>id-pe-acmeIdentifier.</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    /// <summary>The CA checks the certificate once, moments after the answer is posted: a week is plenty.</summary>
    private static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public static X509Certificate2 Create(string domain, string keyAuthorization, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + domain, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(domain);
        request.CertificateExtensions.Add(san.Build(critical: true));

        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
        request.CertificateExtensions.Add(new X509Extension(new Oid(AcmeIdentifierOid), writer.Encode(), critical: true));

        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));
    }
}
