using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Tls;

/// <summary>
/// What a <see cref="Model.Config.ClientTlsConfig"/>'s files hold, loaded: the CAs a server must chain to (null: the
/// node's trusted ones), the client certificate with its key and the rest of its chain (null: none shown).
/// </summary>
public sealed class ClientTlsMaterial : IDisposable
{
    public ClientTlsMaterial(
        X509Certificate2Collection? authorities, X509Certificate2? certificate, X509Certificate2Collection intermediates, bool insecureSkipVerify)
    {
        Authorities = authorities;
        Certificate = certificate;
        Intermediates = intermediates;
        InsecureSkipVerify = insecureSkipVerify;
        // Two materials with the same certificates can share one connection pool; a rotated file is another pool.
        Identity = string.Join(
            ';',
            insecureSkipVerify ? "insecure" : "verify",
            "ca=" + (authorities is null ? "node" : string.Join(',', authorities.Select(c => c.Thumbprint))),
            "cert=" + (certificate?.Thumbprint ?? "none"),
            "chain=" + string.Join(',', intermediates.Select(c => c.Thumbprint)));
    }

    public X509Certificate2Collection? Authorities { get; }

    public X509Certificate2? Certificate { get; }

    public X509Certificate2Collection Intermediates { get; }

    public bool InsecureSkipVerify { get; }

    /// <summary>The certificates' thumbprints and the verification switch: equal identities mean interchangeable materials.</summary>
    public string Identity { get; }

    public void Dispose()
    {
        Certificate?.Dispose();
        foreach (var certificate in (Authorities ?? []).Concat(Intermediates))
        {
            certificate.Dispose();
        }
    }
}
