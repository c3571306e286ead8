using System.Net.Security;
using System.Runtime.CompilerServices;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// The handshake form of each loaded certificate (leaf and intermediates, sent as its chain), built once
/// per <see cref="LoadedCertificate"/> and dropped with it when a new snapshot replaces it.
/// </summary>
internal sealed class CertificateContexts
{
    private readonly ConditionalWeakTable<LoadedCertificate, SslStreamCertificateContext> _contexts = [];

    // offline: the chain is what the file gave; building it must never fetch intermediates over the network.
    public SslStreamCertificateContext Of(LoadedCertificate certificate) =>
        _contexts.GetValue(certificate, static c => SslStreamCertificateContext.Create(
            c.Certificate, [.. c.Intermediates], offline: true));
}
