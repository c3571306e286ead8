using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;

namespace Proxy.Actors.Tls;

/// <summary>
/// Loads one declared certificate file pair (PEM, RSA or ECDSA key) and says exactly what is wrong when
/// it cannot serve: a file missing or unreadable, no certificate in the certificate file, no key in the
/// key file, a key that is not the certificate's, a certificate outside its validity.
/// </summary>
public static class CertificateLoader
{
    public static (LoadedCertificate? Certificate, ConfigError? Error) Load(
        SourcedCertificate declared, ICertificateFileReader files, TimeProvider time)
    {
        ConfigError Fail(string field, string message) => new(declared.Source, $"{declared.Path}.{field}", message);

        var (certPem, certProblem) = Read(files, declared.CertFile);
        if (certPem is null)
        {
            return (null, Fail("certFile", $"cannot read '{declared.CertFile}': {certProblem}"));
        }

        var (keyPem, keyProblem) = Read(files, declared.KeyFile);
        if (keyPem is null)
        {
            return (null, Fail("keyFile", $"cannot read '{declared.KeyFile}': {keyProblem}"));
        }

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certPem);
        }
        catch (CryptographicException e)
        {
            return (null, Fail("certFile", $"'{declared.CertFile}' holds a PEM certificate that does not parse: {e.Message}"));
        }

        if (chain.Count == 0)
        {
            return (null, Fail("certFile", $"'{declared.CertFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }

        var leaf = chain[0];
        using var key = ImportKey(keyPem);
        if (key is null)
        {
            return (null, Fail("keyFile", $"'{declared.KeyFile}' holds no PEM RSA or ECDSA private key"));
        }

        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            return (null, Fail("keyFile", $"the key in '{declared.KeyFile}' does not match the certificate in '{declared.CertFile}'"));
        }

        var now = time.GetUtcNow();
        if (now > leaf.NotAfter.ToUniversalTime())
        {
            return (null, Fail("certFile", $"the certificate in '{declared.CertFile}' ({leaf.Subject}) expired on {Utc(leaf.NotAfter)}"));
        }

        if (now < leaf.NotBefore.ToUniversalTime())
        {
            return (null, Fail("certFile", $"the certificate in '{declared.CertFile}' ({leaf.Subject}) is not valid before {Utc(leaf.NotBefore)}"));
        }

        var withKey = key switch
        {
            RSA rsa => leaf.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
            _ => throw new InvalidOperationException($"unexpected key type {key.GetType().Name}"),
        };
        var names = CertificateNames.Of(withKey);
        return (new LoadedCertificate(withKey, [.. chain.Skip(1)], names, declared.Source, declared.Path)
        {
            Files = new CertificateFiles(declared.CertFile, declared.KeyFile),
        }, null);
    }

    private static (string? Text, string? Problem) Read(ICertificateFileReader files, string path)
    {
        try
        {
            return (files.ReadText(path), null);
        }
        catch (FileNotFoundException)
        {
            return (null, "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            return (null, "no such directory");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, "permission denied");
        }
        catch (IOException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The first RSA or EC private key in <paramref name="pem"/>, whichever PEM label it has; null when there is none.</summary>
    internal static AsymmetricAlgorithm? ImportKey(string pem)
    {
        foreach (var create in new Func<AsymmetricAlgorithm>[] { RSA.Create, ECDsa.Create })
        {
            var key = create();
            try
            {
                key.ImportFromPem(pem);
                return key;
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
            }
        }

        return null;
    }

    internal static string Utc(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
