using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>The DNS names a certificate covers, as SNI selection compares them.</summary>
public static class CertificateNames
{
    /// <summary>
    /// The subject alternative DNS names, or the subject's common name when there are none (as Traefik
    /// does), lower case, without a trailing dot.
    /// </summary>
    public static ImmutableArray<string> Of(X509Certificate2 certificate)
    {
        var sans = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .ToList();
        var names = sans.Count > 0 ? sans : [certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false)];
        return [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(Normalize).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Lower case without a trailing dot: <c>Shop.Example.COM.</c> is <c>shop.example.com</c>.</summary>
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
