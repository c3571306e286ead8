using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tests.Tls;

/// <summary>Certificates whose names, serial and dates are fixed, so what the API and metrics show of them can be pinned.</summary>
public static class FixedCertificates
{
    public static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 Make(string commonName, string[] names, byte[] serial, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName("CN=" + commonName);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        using var signed = request.Create(subject, X509SignatureGenerator.CreateForECDsa(key), notBefore ?? NotBefore, notAfter ?? NotAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    public static LoadedCertificate Loaded(X509Certificate2 certificate, string source, string path) =>
        new(certificate, [], CertificateNames.Of(certificate), source, path);

    public static CertificateSnapshot Snapshot(ImmutableArray<LoadedCertificate> certificates, LoadedCertificate fallback, params Proxy.Actors.Model.ConfigError[] errors)
    {
        var exact = ImmutableDictionary.CreateBuilder<string, LoadedCertificate>(StringComparer.Ordinal);
        foreach (var certificate in certificates)
        {
            foreach (var name in certificate.Names)
            {
                exact.TryAdd(name, certificate);
            }
        }

        return new CertificateSnapshot(certificates, exact.ToImmutable(), ImmutableDictionary<string, LoadedCertificate>.Empty, fallback, [.. errors]);
    }
}
