using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Configuration.Validation;

namespace Proxy.Actors.Tests.Tls;

/// <summary>Real certificates and PEM files for the store's tests, made with .NET's CertificateRequest in a temporary folder.</summary>
public sealed class TestCertificates : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("proxy-tls-").FullName;
    }

    public string Folder { get; }

    public static X509Certificate2 Rsa(string subject, string[] names, DateTimeOffset? notAfter = null, X509Certificate2? issuer = null, DateTimeOffset? notBefore = null)
    {
        using var key = RSA.Create(2048);
        return Make(new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), names, notAfter, issuer, k => k.CopyWithPrivateKey(key), notBefore: notBefore);
    }

    public static X509Certificate2 Ecdsa(string subject, string[] names, DateTimeOffset? notAfter = null, X509Certificate2? issuer = null, bool ca = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Make(new CertificateRequest(subject, key, HashAlgorithmName.SHA256), names, notAfter, issuer, k => k.CopyWithPrivateKey(key), ca);
    }

    /// <summary>Writes the certificate (then <paramref name="chain"/>) and its key as PEM files named after <paramref name="name"/>.</summary>
    public SourcedCertificate Write(string name, X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        var certFile = Path.Combine(Folder, name + ".pem");
        var keyFile = Path.Combine(Folder, name + ".key");
        File.WriteAllText(certFile, string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")));
        File.WriteAllText(keyFile, KeyPem(certificate));
        return Declared(certFile, keyFile, $"tls.certificates[{name}]");
    }

    public string WriteText(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static SourcedCertificate Declared(string certFile, string keyFile, string path = "tls.certificates[0]") =>
        new("file:/etc/proxy/dynamic.yml", path, certFile, keyFile, []);

    public static string KeyPem(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() is { } rsa
            ? ((RSA)rsa).ExportRSAPrivateKeyPem()
            : certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 Make(
        CertificateRequest request, string[] names, DateTimeOffset? notAfter, X509Certificate2? issuer,
        Func<X509Certificate2, X509Certificate2> withKey, bool ca = false, DateTimeOffset? notBefore = null)
    {
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var start = notBefore ?? Now.AddDays(-30);
        var end = notAfter ?? Now.AddDays(60);
        if (issuer is null)
        {
            return request.CreateSelfSigned(start, end);
        }

        using var signed = request.Create(issuer, start, end, [1, 2, 3, 4, 5, 6, 7, 8]);
        return withKey(signed);
    }
}
