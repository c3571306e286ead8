using System.Collections.Immutable;
using System.Net;

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
