using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Certificates;
using Proxy.Actors.Model;

namespace Proxy.Actors.Tls;

/// <summary>
/// Turns a certificate a resolver obtained (replicated PEM chain and key) into one the store serves, or
/// an error naming the resolver and the domains: a chain or key that does not parse, a key that is not
/// the certificate's, a certificate outside its validity.
/// </summary>
public static class AcmeCertificateLoader
{
    /// <summary>The source of every ACME certificate and of its errors.</summary>
    public const string Source = "acme";

    /// <summary>The object an ACME certificate's errors name: <c>certificatesResolvers.le.acme.certificates[a.example.com,b.example.com]</c>.</summary>
    public static string PathOf(AcmeStoredCertificate stored) =>
        $"certificatesResolvers.{stored.Resolver}.acme.certificates[{string.Join(',', stored.Domains)}]";

    public static (LoadedCertificate? Certificate, ConfigError? Error) Load(AcmeStoredCertificate stored, TimeProvider time)
    {
        var path = PathOf(stored);
        ConfigError Fail(string message) => new(Source, path, message);

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(stored.ChainPem);
        }
        catch (CryptographicException e)
        {
            return (null, Fail($"the certificate chain does not parse: {e.Message}"));
        }

        if (chain.Count == 0)
        {
            return (null, Fail("the stored chain holds no PEM certificate"));
        }

        var leaf = chain[0];
        using var key = CertificateLoader.ImportKey(stored.KeyPem);
        if (key is null)
        {
            return (null, Fail("the stored key is no PEM RSA or ECDSA private key"));
        }

        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            return (null, Fail("the stored key does not match the certificate"));
        }

        var now = time.GetUtcNow();
        if (now > leaf.NotAfter.ToUniversalTime())
        {
            return (null, Fail($"the certificate ({leaf.Subject}) expired on {CertificateLoader.Utc(leaf.NotAfter)}"));
        }

        if (now < leaf.NotBefore.ToUniversalTime())
        {
            return (null, Fail($"the certificate ({leaf.Subject}) is not valid before {CertificateLoader.Utc(leaf.NotBefore)}"));
        }

        var withKey = key switch
        {
            RSA rsa => leaf.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
            _ => throw new InvalidOperationException($"unexpected key type {key.GetType().Name}"),
        };
        return (new LoadedCertificate(withKey, [.. chain.Skip(1)], CertificateNames.Of(withKey), Source, path)
        {
            Acme = new AcmeOrigin(stored.Resolver, stored.Domains, stored.OrderedBy, stored.ObtainedAt),
        }, null);
    }
}
