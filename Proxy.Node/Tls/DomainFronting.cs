using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Tls;

/// <summary>
/// Traefik's domain-fronting check: a TLS request whose Host names a host with other <c>tls.options</c> than
/// the SNI the connection was set up for is answered 421 Misdirected Request. Without it a client could
/// handshake under a name without client authentication and then ask, by Host, for a router whose options
/// require a client certificate. A browser reusing an HTTP/2 connection for another name retries on a new
/// one when it gets 421.
/// </summary>
internal static class DomainFronting
{
    public static bool Misdirected(HandshakeOptionsTable table, string entryPoint, HttpContext context)
    {
        var serverName = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        var header = context.Request.Headers.Host.ToString();
        // Every TLS request pays this check, and nearly every one names its SNI in Host (with the port when
        // not 443): compared in place, as HostString would split it, so the common case copies no string.
        if (serverName is { Length: > 0 }
            && TryPlainHost(header, out var plain)
            && plain.TrimEnd('.').Equals(serverName.AsSpan().TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var host = new HostString(header).Host.TrimEnd('.');
        if (string.Equals(host, serverName?.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !ReferenceEquals(table.For(entryPoint, serverName), table.For(entryPoint, host));
    }

    /// <summary>
    /// The host part of a Host header of the form <c>name</c> or <c>name:port</c>, the same characters
    /// <see cref="HostString.Host"/> returns for it. Any other form (empty, an IPv6 literal, more than one
    /// colon, an empty port, a <c>]</c> anywhere, which <see cref="HostString"/> reads its own way) is
    /// left to the full check.
    /// </summary>
    private static bool TryPlainHost(string header, out ReadOnlySpan<char> host)
    {
        host = default;
        if (header.Length == 0 || header[0] == '[' || header.Contains(']', StringComparison.Ordinal))
        {
            return false;
        }

        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            host = header;
            return true;
        }

        if (colon == 0 || colon == header.Length - 1 || header.AsSpan(colon + 1).Contains(':'))
        {
            return false;
        }

        host = header.AsSpan(0, colon);
        return true;
    }
}
