using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// A fresh certificate key of the resolver's key type and the PKCS#10 CSR that finalizes an order
/// for <see cref="Domains"/> (the first is the subject's CN, all of them are SANs).
/// Owns the key: it goes with the issued certificate into storage.
/// </summary>
public sealed class AcmeCertificateRequest : IDisposable
{
    private AcmeCertificateRequest(AsymmetricAlgorithm key, byte[] csr, IReadOnlyList<string> domains)
    {
        Key = key;
        Csr = csr;
        Domains = domains;
    }

    public AsymmetricAlgorithm Key { get; }

    /// <summary>The CSR, DER-encoded, as finalize sends it (base64url).</summary>
    public byte[] Csr { get; }

    public IReadOnlyList<string> Domains { get; }

    public static AcmeCertificateRequest Create(AcmeKeyType keyType, IReadOnlyList<string> domains)
    {
        if (domains.Count == 0)
        {
            throw new ArgumentException("ACME certificate request: at least one domain is needed", nameof(domains));
        }

        AsymmetricAlgorithm key = keyType switch
        {
            AcmeKeyType.EC256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            AcmeKeyType.EC384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            AcmeKeyType.RSA2048 => RSA.Create(2048),
            AcmeKeyType.RSA4096 => RSA.Create(4096),
            _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "ACME certificate request: unknown key type"),
        };
        var subject = "CN=" + domains[0];
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, keyType == AcmeKeyType.EC384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var san = new SubjectAlternativeNameBuilder();
        foreach (var domain in domains)
        {
            san.AddDnsName(domain);
        }

        request.CertificateExtensions.Add(san.Build());
        return new AcmeCertificateRequest(key, request.CreateSigningRequest(), domains);
    }

    public void Dispose() => Key.Dispose();
}
