using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Hosting;

/// <summary>The DNS server a DNS seed is looked up at: <c>ip:port</c> (<c>[ipv6]:port</c>), or an IP alone for port 53.</summary>
public static class DnsServerAddress
{
    public const string Accepted = "an IP address and port (127.0.0.1:53, [::1]:53) or an IP address alone for port 53";

    /// <summary>Read as a listen address (its host:port rules), of which only IP hosts are a server.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? server)
    {
        server = null;
        // An IP alone means port 53; a bare IPv6 address has colons of its own, so it is recognised first.
        var withPort = IPAddress.TryParse(text, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[')
            ? $"[{text}]:53"
            : text.Contains(':', StringComparison.Ordinal) ? text : $"{text}:53";
        if (!ListenAddress.TryParse(withPort, out var address) || address.HostKind is not (ListenHostKind.IPv4 or ListenHostKind.IPv6))
        {
            return false;
        }

        server = new IPEndPoint(IPAddress.Parse(address.Host), address.Port);
        return true;
    }
}
