using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>
/// A certificate with its private key, ready to serve: the leaf, the intermediates its file gave after
/// it (sent in the handshake), the DNS names it covers (lower case, wildcards as <c>*.example.com</c>),
/// and where it was declared.
/// </summary>
public sealed record LoadedCertificate(
    X509Certificate2 Certificate,
    ImmutableArray<X509Certificate2> Intermediates,
    ImmutableArray<string> Names,
    string Source,
    string Path)
{
    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();
}
