using System.Globalization;
using System.Net;

namespace Proxy.Node.Hosting;

/// <summary>The DNS server a DNS seed is looked up at: <c>ip:port</c> (<c>[ipv6]:port</c>), or an IP alone for port 53.</summary>
public static class DnsServerAddress
{
    public const string Accepted = "an IP address and port (127.0.0.1:53, [::1]:53) or an IP address alone for port 53";

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? server)
    {
        server = null;
        if (IPAddress.TryParse(text, out var bare) && !text.Contains(':', StringComparison.Ordinal) && IsDottedQuad(text))
        {
            server = new IPEndPoint(bare, 53);
            return true;
        }

        if (IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !text.StartsWith('['))
        {
            server = new IPEndPoint(v6, 53);
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out var inner) || inner.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            server = new IPEndPoint(inner, port);
            return true;
        }

        if (!IsDottedQuad(host) || !IPAddress.TryParse(host, out var v4))
        {
            return false;
        }

        server = new IPEndPoint(v4, port);
        return true;
    }

    // IPAddress.TryParse takes "1" for 0.0.0.1: only four dotted numbers are an IPv4 address here.
    private static bool IsDottedQuad(string text) =>
        ListenAddress.TryParse(text + ":1", out var address) && address.HostKind == ListenHostKind.IPv4;
}
