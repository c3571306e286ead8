namespace Proxy.Actors.Tls;

/// <summary>
/// Where the certificate store publishes its snapshot and TLS handshakes read it. One writer, many
/// lock-free readers: a handshake takes the current snapshot once and keeps it to the end, so a reload
/// never changes the certificate under a connection being set up.
/// </summary>
public sealed class CertificateCell(CertificateSnapshot initial)
{
    private volatile CertificateSnapshot _current = initial;

    public CertificateSnapshot Current => _current;

    public void Publish(CertificateSnapshot snapshot) => _current = snapshot;
}
