using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.Tests.Acme;

/// <summary>A leaf certificate signed by a test CA, as an ACME CA's chain, and an RSA account key, made once per test run.</summary>
internal static class TestCertificates
{
    public static readonly DateTimeOffset NotAfter = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<(string Chain, string Key, string AccountKey)> Made = new(Make);

    public static string Chain => Made.Value.Chain;

    public static string Key => Made.Value.Key;

    public static string AccountKey => Made.Value.AccountKey;

    private static (string, string, string) Make()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var notBefore = NotAfter.AddDays(-90);
        using var ca = caRequest.CreateSelfSigned(notBefore, NotAfter.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=shop.example.com", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("shop.example.com");
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.Create(ca, notBefore, NotAfter, [7, 7, 7]);
        using var account = RSA.Create(2048);
        return (leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n", leafKey.ExportPkcs8PrivateKeyPem(), account.ExportPkcs8PrivateKeyPem());
    }
}
