using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Certificates;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;

namespace Proxy.Node.Api;

/// <summary>
/// <c>GET /api/tls/certificates</c> (Traefik has no such route): every certificate the node serves and
/// every one it cannot, in the store's order: files, ACME, those with errors, then the default one.
/// Names, validity, issuer, serial and SHA-256 fingerprint; for ACME ones the resolver, the node that
/// ordered it, when, and when it is renewed. Never a key.
/// </summary>
internal static class CertificateRepresentation
{
    public static Dictionary<string, object?>[] List(CertificateSnapshot snapshot)
    {
        var items = new List<Dictionary<string, object?>>();
        items.AddRange(snapshot.Certificates.Select(c => Served(c, c.Acme is null ? "file" : AcmeCertificateLoader.Source)));

        // An object that did not load is shown by its errors, under the name they give it.
        foreach (var failed in snapshot.Errors.GroupBy(e => (e.Source, Name: ObjectOf(e.Path))))
        {
            var errors = failed.ToList();
            items.Add(new Dictionary<string, object?>
            {
                ["name"] = failed.Key.Name,
                ["provider"] = failed.Key.Source,
                ["source"] = SourceOf(failed.Key.Source, failed.Key.Name),
                ["status"] = "disabled",
                ["error"] = ApiRepresentations.ErrorLines(errors),
                ["errorDetails"] = ApiRepresentations.ErrorDetails(errors),
            });
        }

        items.Add(Served(snapshot.Default, "default"));
        return [.. items];
    }

    private static Dictionary<string, object?> Served(LoadedCertificate certificate, string source)
    {
        var leaf = certificate.Certificate;
        var main = MainName(leaf, certificate);
        return new Dictionary<string, object?>
        {
            ["name"] = certificate.Path,
            ["provider"] = certificate.Source,
            ["source"] = source,
            ["certFile"] = certificate.Files?.CertFile,
            ["keyFile"] = certificate.Files?.KeyFile,
            ["domains"] = new Dictionary<string, object?>
            {
                ["main"] = main,
                ["sans"] = certificate.Names.Where(n => n != main).ToArray(),
            },
            ["notBefore"] = certificate.NotBefore,
            ["notAfter"] = certificate.NotAfter,
            ["issuer"] = leaf.Issuer,
            ["serial"] = leaf.SerialNumber,
            ["sha256"] = Convert.ToHexStringLower(leaf.GetCertHash(HashAlgorithmName.SHA256)),
            ["resolver"] = certificate.Acme?.Resolver,
            ["orderedBy"] = certificate.Acme?.OrderedBy,
            ["obtainedAt"] = certificate.Acme?.ObtainedAt,
            ["nextRenewal"] = certificate.Acme is null ? null : AcmeOrigin.RenewalDue(certificate.NotBefore, certificate.NotAfter),
            ["status"] = "enabled",
        };
    }

    /// <summary>The domain it was ordered for first (ACME), else its common name when it covers it, else its first name; none when it covers no name (the generated one).</summary>
    private static string? MainName(X509Certificate2 leaf, LoadedCertificate certificate)
    {
        if (certificate.Acme is { Domains.Length: > 0 } acme)
        {
            return CertificateNames.Normalize(acme.Domains[0]);
        }

        var common = CertificateNames.Normalize(leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        return certificate.Names.Contains(common) ? common : certificate.Names.FirstOrDefault();
    }

    /// <summary><c>tls.certificates[2].certFile</c> is about <c>tls.certificates[2]</c>.</summary>
    private static string ObjectOf(string path)
    {
        foreach (var field in (string[])[".certFile", ".keyFile"])
        {
            if (path.EndsWith(field, StringComparison.Ordinal))
            {
                return path[..^field.Length];
            }
        }

        return path;
    }

    private static string SourceOf(string provider, string name) =>
        provider == AcmeCertificateLoader.Source ? AcmeCertificateLoader.Source
        : name.StartsWith("tls.stores.", StringComparison.Ordinal) ? "default"
        : "file";
}
