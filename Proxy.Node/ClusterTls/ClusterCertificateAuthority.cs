using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// Makes the cluster's own certificate authority and the node certificates it signs: ECDSA P-256,
/// SHA-256, built with <see cref="CertificateRequest"/> so no openssl is needed on the host.
/// </summary>
internal static class ClusterCertificateAuthority
{
    /// <summary>How long a new cluster CA is valid: long, because replacing it is a rolling procedure.</summary>
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    /// <summary>How long a node certificate is valid by default: issuing another is one command.</summary>
    public static readonly TimeSpan NodeLifetime = TimeSpan.FromDays(825);

    // A clock a few minutes behind on another host must not see a brand-new certificate as not yet valid.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A new self-signed CA that may sign node certificates only (path length 0).</summary>
    public static X509Certificate2 CreateCa(TimeProvider time, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serial = RandomNumberGenerator.GetBytes(16);
        // A distinct name per CA: during a CA rotation both are trusted, and chains are built by name.
        var request = new CertificateRequest($"CN=Proxy cluster CA {Convert.ToHexString(serial, 0, 4)}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        return SelfSigned(request, key, now - ClockSkew, now + lifetime, serial);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial)
    {
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        using var unsigned = request.Create(request.SubjectName, generator, notBefore, notAfter, serial);
        return unsigned.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A certificate for one node, signed by <paramref name="ca"/> (which must hold its private
    /// key), usable both to accept and to open cluster connections. Never outlives the CA.
    /// </summary>
    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, IReadOnlyList<string> sans, TimeProvider time, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={nodeName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth), new Oid(ClientAuth)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var san in sans.Count == 0 ? [nodeName] : sans)
        {
            if (IPAddress.TryParse(san, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(san);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        var now = time.GetUtcNow();
        var notAfter = now + lifetime < ca.NotAfter.ToUniversalTime() ? now + lifetime : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        // A certificate may not be valid before its CA: a host whose clock lags the CA's would otherwise fail to issue.
        var caNotBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        var notBefore = now - ClockSkew > caNotBefore ? now - ClockSkew : caNotBefore;
        using var signed = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }
}
