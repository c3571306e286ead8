using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.ProxyProtocol;

/// <summary>
/// HAProxy's PROXY protocol, versions 1 (text) and 2 (binary), read from a connection's first bytes: a pure
/// function, so that every hostile input can be tried without a socket. It never asks for more than
/// <see cref="MaxLength"/> bytes and decides as early as the bytes allow, so that a client's own HTTP or TLS
/// bytes are handed on after at most a few bytes and garbage is refused without waiting for more.
/// </summary>
public static class ProxyHeaderParser
{
    /// <summary>The protocol's own bound on a v1 line, CRLF included ("PROXY TCP6" with two full IPv6 addresses and ports).</summary>
    public const int V1MaxLength = 107;

    /// <summary>
    /// Bound on a v2 header's address block (its length field), TLVs included; the field allows 65535. The same
    /// bound as go-proxyproto's (Traefik's) default: load balancers' TLVs (AWS, Azure, GCP, SSL) fit in far less.
    /// </summary>
    public const int V2MaxAddressLength = 4096;

    public const int V2FixedLength = 16;

    /// <summary>The most bytes any header may take: what a reader need ever hold.</summary>
    public const int MaxLength = V2FixedLength + V2MaxAddressLength;

    private const int V2Version = 2;
    private const int V2CommandLocal = 0;
    private const int V2CommandProxy = 1;
    private const int FamilyUnspecified = 0;
    private const int FamilyInet = 1;
    private const int FamilyInet6 = 2;
    private const int FamilyUnix = 3;
    private const int TransportUnspecified = 0;
    private const int TransportStream = 1;
    private const int TransportDatagram = 2;
    private const int Inet4AddressLength = 12;
    private const int Inet6AddressLength = 36;

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static ProxyHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ProxyHeader.Incomplete;
        }

        return data[0] == V1Prefix[0] ? ParseV1(data) : data[0] == V2Signature[0] ? ParseV2(data) : ProxyHeader.Absent;
    }

    private static ProxyHeader ParseV1(ReadOnlySpan<byte> data)
    {
        var prefix = Math.Min(data.Length, V1Prefix.Length);
        if (!data[..prefix].SequenceEqual(V1Prefix[..prefix]))
        {
            // "POST", "PUT", "PATCH", HTTP/2's "PRI * HTTP/2.0": the client's own request.
            return ProxyHeader.Absent;
        }

        var end = -1;
        var limit = Math.Min(data.Length, V1MaxLength);
        for (var i = V1Prefix.Length; i < limit; i++)
        {
            var b = data[i];
            if (b == '\r')
            {
                if (i + 1 >= data.Length)
                {
                    return ProxyHeader.Incomplete;
                }

                if (data[i + 1] != '\n')
                {
                    return ProxyHeader.Invalid("v1: CR not followed by LF");
                }

                end = i;
                break;
            }

            if (b is < 0x20 or > 0x7E)
            {
                return ProxyHeader.Invalid($"v1: byte 0x{b:X2} at offset {i} where the line allows printable ASCII only");
            }
        }

        if (end < 0)
        {
            return data.Length >= V1MaxLength
                ? ProxyHeader.Invalid($"v1: no CRLF within {V1MaxLength} bytes, the protocol's limit for a v1 line")
                : ProxyHeader.Incomplete;
        }

        var length = end + 2;
        var fields = Encoding.ASCII.GetString(data[V1Prefix.Length..end]).Split(' ');
        switch (fields[0])
        {
            case "UNKNOWN":
                // The sender could not tell the client: the protocol says to use the connection's own addresses.
                return ProxyHeader.Parsed(length, null);
            case "TCP4" or "TCP6":
                if (fields.Length != 5)
                {
                    return ProxyHeader.Invalid($"v1: {fields.Length - 1} fields after {fields[0]} where 4 (source, destination, ports) are expected, separated by single spaces");
                }

                var family = fields[0] == "TCP4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (!TryParseV1Address(fields[1], family, out var source))
                {
                    return ProxyHeader.Invalid($"v1: source \"{fields[1]}\" is not an {fields[0]} address");
                }

                if (!TryParseV1Address(fields[2], family, out _))
                {
                    return ProxyHeader.Invalid($"v1: destination \"{fields[2]}\" is not an {fields[0]} address");
                }

                if (!TryParsePort(fields[3], out var sourcePort) || !TryParsePort(fields[4], out _))
                {
                    return ProxyHeader.Invalid($"v1: ports \"{fields[3]}\" and \"{fields[4]}\" must be decimal numbers from 0 to 65535");
                }

                return ProxyHeader.Parsed(length, new IPEndPoint(Normalized(source), sourcePort));
            default:
                return ProxyHeader.Invalid($"v1: protocol \"{fields[0]}\" is none of TCP4, TCP6, UNKNOWN");
        }
    }

    private static ProxyHeader ParseV2(ReadOnlySpan<byte> data)
    {
        var prefix = Math.Min(data.Length, V2Signature.Length);
        if (!data[..prefix].SequenceEqual(V2Signature[..prefix]))
        {
            return ProxyHeader.Absent;
        }

        if (data.Length < V2FixedLength)
        {
            return ProxyHeader.Incomplete;
        }

        var version = data[12] >> 4;
        var command = data[12] & 0x0F;
        var family = data[13] >> 4;
        var transport = data[13] & 0x0F;
        var addressLength = BinaryPrimitives.ReadUInt16BigEndian(data[14..16]);
        if (version != V2Version)
        {
            return ProxyHeader.Invalid($"v2: version {version} where 2 is expected");
        }

        if (command is not (V2CommandLocal or V2CommandProxy))
        {
            return ProxyHeader.Invalid($"v2: command {command} is neither LOCAL (0) nor PROXY (1)");
        }

        if (family > FamilyUnix || transport > TransportDatagram)
        {
            return ProxyHeader.Invalid($"v2: address family {family} or transport {transport} is undefined");
        }

        if (addressLength > V2MaxAddressLength)
        {
            return ProxyHeader.Invalid($"v2: address block of {addressLength} bytes, above the limit of {V2MaxAddressLength}");
        }

        var length = V2FixedLength + addressLength;
        if (data.Length < length)
        {
            return ProxyHeader.Incomplete;
        }

        // LOCAL: the sender's own connection (a health check); its address block, whatever it holds, is skipped.
        if (command == V2CommandLocal || family is FamilyUnspecified or FamilyUnix || transport == TransportUnspecified)
        {
            return ProxyHeader.Parsed(length, null);
        }

        if (transport == TransportDatagram)
        {
            return ProxyHeader.Invalid("v2: a UDP connection's header on a TCP entry point");
        }

        var block = data.Slice(V2FixedLength, addressLength);
        return family == FamilyInet
            ? block.Length < Inet4AddressLength
                ? ProxyHeader.Invalid($"v2: an IPv4 address block of {block.Length} bytes, below the {Inet4AddressLength} it needs")
                : ProxyHeader.Parsed(length, new IPEndPoint(new IPAddress(block[..4]), BinaryPrimitives.ReadUInt16BigEndian(block[8..10])))
            : block.Length < Inet6AddressLength
                ? ProxyHeader.Invalid($"v2: an IPv6 address block of {block.Length} bytes, below the {Inet6AddressLength} it needs")
                : ProxyHeader.Parsed(length, new IPEndPoint(Normalized(new IPAddress(block[..16])), BinaryPrimitives.ReadUInt16BigEndian(block[32..34])));
    }

    /// <summary>
    /// Strictly as the protocol writes them: TCP4 four decimal parts without leading zeros (IPAddress.TryParse
    /// would also take "1" or octal "012.0.0.1"), TCP6 an IPv6 address without a zone.
    /// </summary>
    private static bool TryParseV1Address(string text, AddressFamily family, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != family)
        {
            return false;
        }

        if (family == AddressFamily.InterNetwork)
        {
            var parts = text.Split('.');
            if (parts.Length != 4 || !parts.All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0')))
            {
                return false;
            }
        }

        address = parsed;
        return true;
    }

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5
            && text.All(char.IsAsciiDigit)
            && (text.Length == 1 || text[0] != '0')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= IPEndPoint.MaxPort;
    }

    /// <summary>A client named as IPv4-mapped IPv6 is the IPv4 client: operators and allow-lists compare IPv4 in IPv4 form.</summary>
    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
