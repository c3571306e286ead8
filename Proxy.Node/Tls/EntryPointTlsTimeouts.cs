namespace Proxy.Node.Tls;

/// <summary>How long a new connection may stay silent before its first byte, and how long its TLS handshake may take.</summary>
internal sealed record EntryPointTlsTimeouts(TimeSpan FirstByte, TimeSpan Handshake);
