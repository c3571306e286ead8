namespace Proxy.Node.Tls;

/// <summary>
/// A connection feature: the client's ClientHello offered <c>acme-tls/1</c>, so the handshake may answer
/// it with a TLS-ALPN-01 challenge certificate (RFC 8737). Set only while challenges are pending.
/// </summary>
internal sealed class AcmeTlsOffered
{
    public static AcmeTlsOffered Instance { get; } = new();

    /// <summary>The ALPN protocol of the challenge, as it travels in the ClientHello.</summary>
    public static ReadOnlySpan<byte> Protocol => "acme-tls/1"u8;

    private AcmeTlsOffered()
    {
    }
}
