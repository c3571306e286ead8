using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Proxy.Node.Hosting;

/// <summary>How the host part of a listen address was written, which decides how Kestrel binds it.</summary>
public enum ListenHostKind
{
    /// <summary>Empty host (<c>:8000</c>): every interface, as Traefik reads it.</summary>
    Any,
    IPv4,
    IPv6,
    Name,
}

/// <summary>
/// A listener address as operators write it for Traefik: <c>[host]:port</c>, where the host is empty
/// (all interfaces), an IPv4 address, a bracketed IPv6 address or a name.
/// </summary>
public sealed partial record ListenAddress(string Host, ListenHostKind HostKind, int Port)
{
    public const string Accepted =
        "[host]:port, host empty for all interfaces, an IPv4 address, [IPv6] or a name, port 1-65535";

    // Labels of a DNS name; a host made only of digits and dots is an IPv4 attempt, never a name.
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    // [0-9], not \d: \d also matches other scripts' digits, which IPAddress.Parse then refuses.
    [GeneratedRegex(@"^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ListenAddress? address)
    {
        address = null;
        if (text is null)
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || !TryParsePort(text[(colon + 1)..], out var port))
        {
            return false;
        }

        var host = text[..colon];
        if (host.Length == 0)
        {
            address = new ListenAddress("", ListenHostKind.Any, port);
            return true;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var inner = host[1..^1];
            if (IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = new ListenAddress(inner, ListenHostKind.IPv6, port);
                return true;
            }

            return false;
        }

        if (DottedQuad().IsMatch(host))
        {
            address = new ListenAddress(host, ListenHostKind.IPv4, port);
            return true;
        }

        if (HostName().IsMatch(host))
        {
            address = new ListenAddress(host, ListenHostKind.Name, port);
            return true;
        }

        return false;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>True for hosts that bind every interface of a family, so they collide with any host on the same port.</summary>
    public bool IsWildcard => HostKind switch
    {
        ListenHostKind.Any => true,
        ListenHostKind.IPv4 => Host == "0.0.0.0",
        ListenHostKind.IPv6 => IPAddress.Parse(Host).Equals(IPAddress.IPv6Any),
        _ => false,
    };

    /// <summary>
    /// Whether two listeners would fight over a socket: same port and the same host, or either one binding
    /// every interface. <c>localhost</c> counts as both loopback addresses, because Kestrel binds both.
    /// </summary>
    public bool Overlaps(ListenAddress other)
    {
        if (Port != other.Port)
        {
            return false;
        }

        if (IsWildcard || other.IsWildcard)
        {
            return true;
        }

        return LoopbackAware(this).Overlaps(LoopbackAware(other));

        static HashSet<string> LoopbackAware(ListenAddress address) =>
            address.HostKind switch
            {
                ListenHostKind.Name when address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) =>
                    ["127.0.0.1", "::1"],
                ListenHostKind.IPv6 => [IPAddress.Parse(address.Host).ToString()],
                _ => new HashSet<string>([address.Host], StringComparer.OrdinalIgnoreCase),
            };
    }

    /// <summary>Whether only this machine can connect: 127.0.0.0/8, ::1 or localhost.</summary>
    public bool IsLoopback => HostKind switch
    {
        ListenHostKind.IPv4 or ListenHostKind.IPv6 => IPAddress.IsLoopback(IPAddress.Parse(Host)),
        ListenHostKind.Name => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public override string ToString() => HostKind == ListenHostKind.IPv6 ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
