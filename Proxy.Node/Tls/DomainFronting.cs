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
        var host = new HostString(context.Request.Headers.Host.ToString()).Host.TrimEnd('.');
        if (string.Equals(host, serverName?.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !ReferenceEquals(table.For(entryPoint, serverName), table.For(entryPoint, host));
    }
}
