using System.Collections.Immutable;
using System.Net;

namespace Proxy.Node.ProxyProtocol;

/// <summary>
/// An entry point's PROXY protocol (Traefik's <c>entryPoints.&lt;name&gt;.proxyProtocol</c>): a peer in
/// <see cref="TrustedNetworks"/>, or any peer when <see cref="Insecure"/>, speaks for the client it names
/// in its header; any other peer's header is read and dropped, as Traefik's listener ignores it.
/// </summary>
public sealed record ProxyProtocolSettings(bool Insecure, ImmutableArray<IPNetwork> TrustedNetworks)
{
    /// <summary>Whether the socket's peer (IPv4 in IPv4 form) may name the client.</summary>
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
}
