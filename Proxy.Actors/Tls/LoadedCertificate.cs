using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>
/// A certificate with its private key, ready to serve: the leaf, the intermediates its file gave after
/// it (sent in the handshake), the DNS names it covers (lower case, wildcards as <c>*.example.com</c>),
/// and where it was declared (<see cref="Source"/>: the provider source, <c>acme</c> or <c>internal</c>;
/// <see cref="Path"/>: the object, <c>tls.certificates[2]</c> or the resolver).
/// </summary>
public sealed record LoadedCertificate(
    X509Certificate2 Certificate,
    ImmutableArray<X509Certificate2> Intermediates,
    ImmutableArray<string> Names,
    string Source,
    string Path)
{
    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();

    public DateTimeOffset NotBefore => Certificate.NotBefore.ToUniversalTime();

    /// <summary>The PEM files it was read from; null for an ACME or a generated certificate.</summary>
    public CertificateFiles? Files { get; init; }

    /// <summary>What the resolver recorded when it obtained the certificate; null for any other.</summary>
    public AcmeOrigin? Acme { get; init; }
}

/// <summary>The certificate and key files a <c>tls.certificates</c> item names.</summary>
public sealed record CertificateFiles(string CertFile, string KeyFile);

/// <summary>
/// Where an ACME certificate came from: its resolver, the domains it was ordered for (main first), the
/// node that ordered it and when. Never the key: this travels to the API.
/// </summary>
public sealed record AcmeOrigin(string Resolver, ImmutableArray<string> Domains, string OrderedBy, DateTimeOffset ObtainedAt)
{
    /// <summary>As Traefik: a certificate is renewed when a third of its validity is left.</summary>
    public static DateTimeOffset RenewalDue(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notAfter - ((notAfter - notBefore) / 3);
}
