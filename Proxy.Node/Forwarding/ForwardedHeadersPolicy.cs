using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>
/// An entry point's trust in the forwarded headers a client sends (Traefik's
/// <c>entryPoints.&lt;name&gt;.forwardedHeaders</c>). A client whose address is in <see cref="TrustedNetworks"/>,
/// or any client when <see cref="Insecure"/>, is a proxy whose X-Forwarded-* the node extends; from
/// anyone else they are removed and the node's own are sent (<see cref="ForwardedHeaderNames"/>).
/// </summary>
public sealed record ForwardedHeadersPolicy(bool Insecure, ImmutableArray<IPNetwork> TrustedNetworks)
{
    /// <summary>Traefik's default: no client is trusted.</summary>
    public static ForwardedHeadersPolicy Untrusted { get; } = new(false, []);

    /// <summary>The default, checked first so that most requests need not look at their peer at all.</summary>
    public bool TrustsNobody => !Insecure && TrustedNetworks.IsEmpty;

    /// <summary>Whether the peer (the socket's address, IPv4 in IPv4 form) may speak for the client.</summary>
    public bool Trusts(IPAddress? peer)
    {
        if (Insecure)
        {
            return true;
        }

        if (peer is null)
        {
            return false;
        }

        foreach (var network in TrustedNetworks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The client's address by the entry point's trust walk: the socket's peer unless that peer is
    /// trusted; then X-Forwarded-For read from the right, past every trusted proxy, to the first address
    /// that is not trusted (the leftmost when all are). An entry that is not an address ends the walk at
    /// the last trusted hop, so a forged tail cannot name anyone. Neither the middlewares (they read the
    /// peer unless an ipStrategy says otherwise, as Traefik's) nor the ClientIP() matcher use this: with
    /// insecure=true the walk ends at whatever the client wrote.
    /// </summary>
    public IPAddress? ClientIp(HttpContext context)
    {
        var peer = ClientAddress.Of(context);
        if (!Trusts(peer))
        {
            return peer;
        }

        var client = peer;
        var lines = context.Request.Headers[ForwardedHeaderNames.XForwardedFor];
        for (var line = lines.Count - 1; line >= 0; line--)
        {
            var rest = (lines[line] ?? string.Empty).AsSpan();
            while (rest.Length > 0)
            {
                var comma = rest.LastIndexOf(',');
                var entry = rest[(comma + 1)..].Trim(" \t");
                rest = comma < 0 ? [] : rest[..comma];
                if (entry.Length == 0)
                {
                    continue;
                }

                if (!TryParseHop(entry, out var hop))
                {
                    return client;
                }

                client = hop;
                if (!Trusts(hop))
                {
                    return hop;
                }
            }
        }

        return client;
    }

    /// <summary>An X-Forwarded-For entry: an address, possibly with a port as some proxies write it.</summary>
    internal static bool TryParseHop(ReadOnlySpan<char> entry, out IPAddress address)
    {
        if (IPAddress.TryParse(entry, out var parsed) || IPEndPoint.TryParse(entry, out var endPoint) && (parsed = endPoint.Address) is not null)
        {
            address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
