using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>A client certificate with its key, and the rest of its chain to send with it.</summary>
public sealed record ClientCertificate(X509Certificate2 Certificate, X509Certificate2Collection Intermediates);

/// <summary>
/// What a servers transport's files hold, loaded: the CAs a server must chain to (null: the node's trusted ones) and
/// the client certificates to show a server that asks.
/// </summary>
public sealed class ServersTransportMaterial : IDisposable
{
    public ServersTransportMaterial(X509Certificate2Collection? authorities, ImmutableArray<ClientCertificate> certificates)
    {
        Authorities = authorities;
        Certificates = certificates;
        // A rotated file is another identity, so the servers get a new connection pool that uses it.
        Identity = string.Join(
            ';',
            "ca=" + (authorities is null ? "node" : string.Join(',', authorities.Select(c => c.Thumbprint))),
            "certs=" + string.Join(',', certificates.Select(c => c.Certificate.Thumbprint + "+" + string.Join('+', c.Intermediates.Select(i => i.Thumbprint)))));
    }

    public X509Certificate2Collection? Authorities { get; }

    public ImmutableArray<ClientCertificate> Certificates { get; }

    /// <summary>The certificates' thumbprints: equal identities mean interchangeable materials.</summary>
    public string Identity { get; }

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Certificate.Dispose();
            foreach (var intermediate in certificate.Intermediates)
            {
                intermediate.Dispose();
            }
        }

        foreach (var authority in Authorities ?? [])
        {
            authority.Dispose();
        }
    }
}
