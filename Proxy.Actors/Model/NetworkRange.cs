using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Actors.Model;

/// <summary>
/// An IP address or a CIDR range as operators write them in an allow-list (<c>10.0.0.0/8</c>,
/// <c>192.168.1.7</c>, <c>fd00::/8</c>). Host bits after the prefix are ignored, as Go's ParseCIDR does
/// for Traefik, so <c>10.1.2.3/8</c> is 10.0.0.0/8. IPv4 written as IPv4-mapped IPv6
/// (<c>::ffff:10.0.0.0/104</c>) becomes the IPv4 range, because clients are compared in IPv4 form.
/// </summary>
public static class NetworkRange
{
    public const string Accepted = "an IP address or a CIDR range (10.0.0.0/8, 192.168.1.7, fd00::/8)";

    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && !(int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= bits))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        network = new IPNetwork(Masked(address, prefix), prefix);
        return true;
    }

    /// <summary>
    /// A literal address only: IPAddress.TryParse would also take "1" for 0.0.0.1 and a zone
    /// ("fe80::1%eth0") that no client address compared here carries.
    /// </summary>
    private static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && !IsDecimalDottedQuad(text))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>
    /// Four decimal parts without leading zeros, as Go's ParseCIDR (Traefik's) reads them:
    /// IPAddress.TryParse also takes octal ("012.0.0.1" is 10.0.0.1) and hex parts, so a mistyped
    /// trusted range could trust another one.
    /// </summary>
    private static bool IsDecimalDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is > 0 and <= 3
            && !part.AsSpan().ContainsAnyExceptInRange('0', '9')
            && (part.Length == 1 || part[0] != '0'));
    }

    /// <summary>The first address of <paramref name="address"/>'s network of <paramref name="prefix"/> bits (an ipStrategy's ipv6Subnet).</summary>
    public static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
