using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>
/// The certificate a node serves when no certificate matches and the <c>default</c> store gives none,
/// as Traefik's "TRAEFIK DEFAULT CERT": self-signed, so that a client learns nothing about the node but
/// still completes a handshake (and sees a certificate error rather than a reset).
/// </summary>
public static class SelfSignedCertificate
{
    public const string Subject = "CN=PROXY DEFAULT CERT";

    /// <summary>Traefik's generated certificate lasts a year too.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    public static X509Certificate2 Generate(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));
    }
}
