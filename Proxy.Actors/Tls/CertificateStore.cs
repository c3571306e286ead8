using System.Collections.Immutable;
using System.Security.Cryptography;
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
        GeneratedDefaultCertificate generated) =>
        Build(tls, acme, files, time, generated, ImmutableDictionary<string, string>.Empty, CertificateReuse.None).Snapshot;

    /// <summary>
    /// As <see cref="Build(ValidatedTls, ImmutableArray{AcmeStoredCertificate}, ICertificateFileReader, TimeProvider, GeneratedDefaultCertificate)"/>,
    /// but a certificate whose input is unchanged since <paramref name="previous"/> (same declaration and
    /// file contents, or same stored ACME certificate) and still within its validity is that same
    /// <see cref="LoadedCertificate"/>: nothing is parsed again, and the handshake context built for it
    /// stays valid.
    /// </summary>
    /// <param name="versions">The contents of the files (<see cref="CertificateFileVersions"/>); a file not in it is loaded again.</param>
    public static (CertificateSnapshot Snapshot, CertificateReuse Reuse) Build(
        ValidatedTls tls,
        ImmutableArray<AcmeStoredCertificate> acme,
        ICertificateFileReader files,
        TimeProvider time,
        GeneratedDefaultCertificate generated,
        ImmutableDictionary<string, string> versions,
        CertificateReuse previous)
    {
        var now = time.GetUtcNow();
        var kept = ImmutableDictionary.CreateBuilder<string, LoadedCertificate>(StringComparer.Ordinal);
        (LoadedCertificate?, ConfigError?) Load(string? input, Func<(LoadedCertificate?, ConfigError?)> load, string source, string path)
        {
            if (input is not null && previous.ByInput.TryGetValue(input, out var same) && now >= same.NotBefore && now <= same.NotAfter)
            {
                kept[input] = same;
                return (same, null);
            }

            var (certificate, error) = Guarded(load, source, path);
            if (input is not null && certificate is not null)
            {
                kept[input] = certificate;
            }

            return (certificate, error);
        }

        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var loaded = ImmutableArray.CreateBuilder<LoadedCertificate>();
        foreach (var declared in tls.Certificates)
        {
            var (certificate, error) = Load(CertificateReuse.InputOf(declared, versions), () => CertificateLoader.Load(declared, files, time), declared.Source, $"{declared.Path}.certFile");
            if (certificate is not null) loaded.Add(certificate);
            if (error is not null) errors.Add(error);
        }

        // After the files: as in Traefik, where a resolver orders nothing for a name the store's
        // user-defined certificates already cover, a file certificate keeps its names.
        foreach (var stored in acme.IsDefault ? [] : acme)
        {
            var (certificate, error) = Load(CertificateReuse.InputOf(stored), () => AcmeCertificateLoader.Load(stored, time), AcmeCertificateLoader.Source, AcmeCertificateLoader.PathOf(stored));
            if (certificate is not null) loaded.Add(certificate);
            if (error is not null) errors.Add(error);
        }

        LoadedCertificate? storeDefault = null;
        if (tls.DefaultCertificate is { } declaredDefault)
        {
            var (certificate, error) = Load(CertificateReuse.InputOf(declaredDefault, versions), () => CertificateLoader.Load(declaredDefault, files, time), declaredDefault.Source, $"{declaredDefault.Path}.certFile");
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

        return (
            new CertificateSnapshot(loaded.ToImmutable(), exact.ToImmutable(), wildcards.ToImmutable(), storeDefault ?? generated.Certificate, errors.ToImmutable()),
            new CertificateReuse(kept.ToImmutable()));
    }

    /// <summary>
    /// A certificate the platform's parsers reject in a way the loader does not foresee is that
    /// certificate's error, never the store's: the others keep serving.
    /// </summary>
    private static (LoadedCertificate? Certificate, ConfigError? Error) Guarded(
        Func<(LoadedCertificate?, ConfigError?)> load, string source, string path)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            return (null, new ConfigError(source, path, $"cannot be loaded: {e.Message}"));
        }
    }

    /// <summary>Every file a configuration's certificates are read from, so that a change of any of them rebuilds the store.</summary>
    public static ImmutableArray<string> FilesOf(ValidatedTls tls) =>
        [.. tls.Certificates.Concat(tls.DefaultCertificate is { } d ? [d] : [])
            .SelectMany(c => new[] { c.CertFile, c.KeyFile })
            .Distinct(StringComparer.Ordinal)];
}
