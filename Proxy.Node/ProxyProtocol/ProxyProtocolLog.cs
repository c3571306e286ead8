using System.Net;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.ProxyProtocol;

internal static partial class ProxyProtocolLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Entry point {EntryPoint} reads PROXY protocol headers (v1, v2) and takes the client address from those of {Trusted}")]
    public static partial void Enabled(ILogger logger, string entryPoint, string trusted);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Entry point {EntryPoint}: closed the connection of {Peer}: malformed PROXY protocol header: {Error} ({Suppressed} more left out since the last such line)")]
    public static partial void Malformed(ILogger logger, string entryPoint, IPEndPoint? peer, string error, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Entry point {EntryPoint}: closed the connection of {Peer}: its PROXY protocol header was not complete {Timeout} after its first byte ({Suppressed} more left out since the last such line)")]
    public static partial void Slow(ILogger logger, string entryPoint, IPEndPoint? peer, TimeSpan timeout, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Entry point {EntryPoint}: ignored the PROXY protocol header of {Peer}, which is not in proxyProtocol.trustedIPs: the connection keeps the peer's own address ({Suppressed} more left out since the last such line)")]
    public static partial void Untrusted(ILogger logger, string entryPoint, IPEndPoint? peer, int suppressed);
}
