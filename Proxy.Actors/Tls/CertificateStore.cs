using System.Collections.Immutable;
using Proxy.Actors.Certificates;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;

namespace Proxy.Actors.Tls;

/// <summary>
/// Builds the <see cref="CertificateSnapshot"/> from the checked TLS configuration and the certificates
/// ACME resolvers obtained: each certificate is loaded on its own, one that fails is left out with its
/// error, and the others serve.
/// </summary>
public static class CertificateStore
{
    public static CertificateSnapshot Build(
        ValidatedTls tls, ICertificateFileReader files, TimeProvider time, GeneratedDefaultCertificate generated) =>
        Build(tls, [], files, time, generated);

    /// <param name="acme">The certificates the cluster's resolvers obtained; a name a <c>tls.certificates</c> file covers stays with the file.</param>
    public static CertificateSnapshot Build(
        ValidatedTls tls,
        ImmutableArray<AcmeStoredCertificate> acme,
        ICertificateFileReader files,
        TimeProvider time,
        GeneratedDefaultCertificate generated)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var loaded = ImmutableArray.CreateBuilder<LoadedCertificate>();
        foreach (var declared in tls.Certificates)
        {
            var (certificate, error) = CertificateLoader.Load(declared, files, time);
            if (certificate is not null) loaded.Add(certificate);
            if (error is not null) errors.Add(error);
        }

        // After the files: as in Traefik, where a resolver orders nothing for a name the store's
        // user-defined certificates already cover, a file certificate keeps its names.
        foreach (var stored in acme.IsDefault ? [] : acme)
        {
            var (certificate, error) = AcmeCertificateLoader.Load(stored, time);
            if (certificate is not null) loaded.Add(certificate);
            if (error is not null) errors.Add(error);
        }

        LoadedCertificate? storeDefault = null;
        if (tls.DefaultCertificate is { } declaredDefault)
        {
            var (certificate, error) = CertificateLoader.Load(declaredDefault, files, time);
            storeDefault = certificate;
            if (error is not null) errors.Add(error with { Message = $"{error.Message}; the generated default certificate serves instead" });
        }

        // The first certificate for a name keeps it: which one serves must not depend on load order.
        var exact = ImmutableDictionary.CreateBuilder<string, LoadedCertificate>(StringComparer.Ordinal);
        var wildcards = ImmutableDictionary.CreateBuilder<string, LoadedCertificate>(StringComparer.Ordinal);
        foreach (var certificate in loaded)
        {
            foreach (var name in certificate.Names)
            {
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    wildcards.TryAdd(name[2..], certificate);
                }
                else
                {
                    exact.TryAdd(name, certificate);
                }
            }
        }

        return new CertificateSnapshot(
            loaded.ToImmutable(), exact.ToImmutable(), wildcards.ToImmutable(), storeDefault ?? generated.Certificate, errors.ToImmutable());
    }

    /// <summary>Every file a configuration's certificates are read from, so that a change of any of them rebuilds the store.</summary>
    public static ImmutableArray<string> FilesOf(ValidatedTls tls) =>
        [.. tls.Certificates.Concat(tls.DefaultCertificate is { } d ? [d] : [])
            .SelectMany(c => new[] { c.CertFile, c.KeyFile })
            .Distinct(StringComparer.Ordinal)];
}
