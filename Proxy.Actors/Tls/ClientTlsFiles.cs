using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tls;

/// <summary>
/// Reads a <see cref="ClientTlsConfig"/>'s PEM files and says what is wrong with them, each problem on the option
/// (<c>ca</c>, <c>cert</c>, <c>key</c>) and naming the file: unreadable, too large, no certificate, no key, a key that
/// is not the certificate's. Run by the validator (the problems become the middleware's errors) and by the node
/// when it builds the handler (the material is used).
/// </summary>
public static class ClientTlsFiles
{
    private const string PemStart = "-----BEGIN";

    public static (ClientTlsMaterial? Material, ImmutableArray<FieldProblem> Problems) Load(ClientTlsConfig config) =>
        Load(config, new CertificateFileReader());

    public static (ClientTlsMaterial? Material, ImmutableArray<FieldProblem> Problems) Load(ClientTlsConfig config, ICertificateFileReader files)
    {
        var problems = ImmutableArray.CreateBuilder<FieldProblem>();
        X509Certificate2Collection? authorities = null;
        if (Given(config.Ca) is { } caFile && Read(files, "ca", caFile, problems) is { } caPem)
        {
            authorities = Certificates(caPem);
            if (authorities is not { Count: > 0 })
            {
                problems.Add(new FieldProblem("ca", $"'{caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
            }
        }

        X509Certificate2? certificate = null;
        var intermediates = new X509Certificate2Collection();
        var (certFile, keyFile) = (Given(config.Cert), Given(config.Key));
        if ((certFile is null) != (keyFile is null))
        {
            problems.Add(new FieldProblem(certFile is null ? "cert" : "key", "cert and key go together: give both (the client certificate and its key) or neither"));
        }
        else if (certFile is not null && keyFile is not null)
        {
            certificate = ClientCertificate(files, certFile, keyFile, intermediates, problems);
        }

        var material = new ClientTlsMaterial(authorities, certificate, intermediates, config.InsecureSkipVerify ?? false);
        if (problems.Count == 0)
        {
            return (material, []);
        }

        material.Dispose();
        return (null, problems.ToImmutable());
    }

    private static string? Given(string? path) => string.IsNullOrEmpty(path) ? null : path;

    /// <summary>
    /// The certificate of <paramref name="certFile"/> with the key of <paramref name="keyFile"/>, the rest of the file's
    /// chain added to <paramref name="intermediates"/>; null with the problems (under <paramref name="certOption"/> and
    /// <paramref name="keyOption"/>) when either does not do.
    /// </summary>
    internal static X509Certificate2? ClientCertificate(
        ICertificateFileReader files, string certFile, string keyFile, X509Certificate2Collection intermediates, ImmutableArray<FieldProblem>.Builder problems,
        string certOption = "cert", string keyOption = "key")
    {
        var certPem = Read(files, certOption, certFile, problems);
        var keyPem = Read(files, keyOption, keyFile, problems);
        if (certPem is null || keyPem is null)
        {
            return null;
        }

        var chain = Certificates(certPem);
        if (chain is not { Count: > 0 })
        {
            problems.Add(new FieldProblem(certOption, $"'{certFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
            return null;
        }

        using var key = CertificateLoader.ImportKey(keyPem);
        var leaf = chain[0];
        if (key is null)
        {
            problems.Add(new FieldProblem(keyOption, $"'{keyFile}' holds no PEM RSA or ECDSA private key"));
        }
        else if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            problems.Add(new FieldProblem(keyOption, $"the key in '{keyFile}' does not match the certificate in '{certFile}'"));
        }
        else
        {
            var withKey = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
                _ => null,
            };
            foreach (var rest in chain.Skip(1))
            {
                intermediates.Add(rest);
            }

            leaf.Dispose();
            return withKey;
        }

        foreach (var certificate in chain)
        {
            certificate.Dispose();
        }

        return null;
    }

    /// <summary>The certificates of a PEM text, or null when it does not parse.</summary>
    internal static X509Certificate2Collection? Certificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
            return collection;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    internal static string? Read(ICertificateFileReader files, string option, string path, ImmutableArray<FieldProblem>.Builder problems)
    {
        if (path.TrimStart().StartsWith(PemStart, StringComparison.Ordinal))
        {
            // Traefik also takes the PEM text itself; a key written into the configuration would be shown by the API.
            problems.Add(new FieldProblem(option, "takes the path of a PEM file, not the PEM text itself"));
            return null;
        }

        try
        {
            return files.ReadText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException => "no such file",
                DirectoryNotFoundException => "no such directory",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            problems.Add(new FieldProblem(option, $"cannot read '{path}' on this node: {reason}"));
            return null;
        }
    }
}
