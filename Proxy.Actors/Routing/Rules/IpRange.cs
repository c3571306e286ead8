using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// An address or CIDR range, held as a masked 128-bit number so matching compares integers
/// instead of allocating. IPv4-mapped IPv6 addresses count as IPv4 on both sides, so
/// <c>::ffff:10.0.0.1</c> from a dual-stack socket matches <c>10.0.0.0/8</c>.
/// </summary>
internal readonly record struct IpRange(bool IsV4, UInt128 Network, int PrefixLength)
{
    public bool Contains(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        var isV4 = written == 4 || address.IsIPv4MappedToIPv6;
        var value = written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : isV4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return isV4 == IsV4 && (value & Mask(IsV4, PrefixLength)) == Network;
    }

    /// <summary>
    /// Accepts what Go's parsers accept: dotted-quad IPv4 without leading zeros, IPv6 without a
    /// zone, and an optional decimal prefix; host bits under the prefix are ignored.
    /// </summary>
    public static bool TryParse(string text, out IpRange range)
    {
        range = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var isV4, out var value))
        {
            return false;
        }

        var bits = isV4 ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (prefixText.Length is 0 or > 3 || !IsDigits(prefixText)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                || prefix > bits)
            {
                return false;
            }
        }

        if (!isV4 && IsV4Mapped(value) && prefix >= 96)
        {
            (isV4, value, prefix) = (true, value & uint.MaxValue, prefix - 96);
        }

        range = new IpRange(isV4, value & Mask(isV4, prefix), prefix);
        return true;
    }

    private static bool TryParseAddress(string text, out bool isV4, out UInt128 value)
    {
        value = 0;
        isV4 = !text.Contains(':');
        if (isV4)
        {
            return TryParseV4(text, out value);
        }

        if (text.Contains('%') || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }

    // IPAddress.TryParse also takes "10.1" and octal parts, which Go rejects and which almost
    // always mean a typo in a rule.
    private static bool TryParseV4(string text, out UInt128 value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        uint result = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !IsDigits(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var octet = uint.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            result = (result << 8) | octet;
        }

        value = result;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    private static bool IsV4Mapped(UInt128 value) => value >> 32 == 0xFFFF;

    private static UInt128 Mask(bool isV4, int prefix)
    {
        var bits = isV4 ? 32 : 128;
        var full = isV4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        return prefix == 0 ? 0 : (full << (bits - prefix)) & full;
    }
}
