using System.Net;

namespace Proxy.Node.ProxyProtocol;

/// <summary>What the first bytes of a connection say about a PROXY protocol header.</summary>
public enum ProxyHeaderStatus
{
    /// <summary>The bytes so far may still be a header: read more (never past <see cref="ProxyHeaderParser.MaxLength"/>).</summary>
    Incomplete,

    /// <summary>No header: the bytes are the client's own (HTTP or TLS), left for them.</summary>
    Absent,

    /// <summary>A header that breaks the protocol or a limit: the connection is closed.</summary>
    Invalid,

    /// <summary>A whole header of <see cref="ProxyHeader.Length"/> bytes.</summary>
    Parsed,
}

/// <summary>
/// The outcome of <see cref="ProxyHeaderParser.Parse"/>. <see cref="Source"/> is the client the header
/// names, or null when it names none (v1 UNKNOWN, v2 LOCAL, an unspecified or Unix family): the connection
/// then keeps the socket's peer, as the protocol asks. The header's destination is not kept: the entry
/// point is the one the socket listens on.
/// </summary>
public sealed record ProxyHeader(ProxyHeaderStatus Status, int Length, IPEndPoint? Source, string? Error)
{
    public static ProxyHeader Incomplete { get; } = new(ProxyHeaderStatus.Incomplete, 0, null, null);

    public static ProxyHeader Absent { get; } = new(ProxyHeaderStatus.Absent, 0, null, null);

    public static ProxyHeader Invalid(string error) => new(ProxyHeaderStatus.Invalid, 0, null, error);

    public static ProxyHeader Parsed(int length, IPEndPoint? source) => new(ProxyHeaderStatus.Parsed, length, source, null);
}
