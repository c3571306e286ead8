using System.Buffers;
using System.Buffers.Binary;

namespace Proxy.Node.Tls;

/// <summary>
/// Reads the protocols a TLS ClientHello offers in its ALPN extension (RFC 7301), from the bytes before
/// the handshake starts: .NET's handshake callback shows the server name but not the client's ALPN list,
/// and TLS-ALPN-01 (RFC 8737) must answer only a client that offers <c>acme-tls/1</c>.
/// </summary>
internal static class ClientHelloAlpn
{
    /// <summary>A TLS record's header: content type, version, length.</summary>
    public const int RecordHeaderLength = 5;

    /// <summary>The largest plaintext record (RFC 8446, 5.1); a ClientHello longer than one record is read as offering nothing.</summary>
    public const int MaxRecordLength = 16384;

    private const byte HandshakeRecord = 0x16;
    private const byte ClientHelloMessage = 0x01;
    private const ushort AlpnExtension = 16;

    /// <summary>The bytes of the first record, header included, or -1 when <paramref name="start"/> is not a TLS handshake record header.</summary>
    public static int RecordLength(ReadOnlySequence<byte> start)
    {
        if (start.Length < RecordHeaderLength)
        {
            return -1;
        }

        Span<byte> header = stackalloc byte[RecordHeaderLength];
        start.Slice(0, RecordHeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        return header[0] == HandshakeRecord && length <= MaxRecordLength ? RecordHeaderLength + length : -1;
    }

    /// <summary>
    /// Whether the ClientHello in <paramref name="record"/> (a whole first record) offers
    /// <paramref name="protocol"/>. Anything malformed or cut short offers nothing: the handshake itself
    /// then refuses it.
    /// </summary>
    public static bool Offers(ReadOnlySpan<byte> record, ReadOnlySpan<byte> protocol)
    {
        var reader = new Reader(record);
        if (!reader.Skip(RecordHeaderLength)
            || !reader.Byte(out var type) || type != ClientHelloMessage
            || !reader.Skip(3)            // handshake length: the record bounds what is read
            || !reader.Skip(2 + 32)       // legacy version, random
            || !reader.Vector8(out _)     // session id
            || !reader.Vector16(out _)    // cipher suites
            || !reader.Vector8(out _)     // compression methods
            || !reader.Vector16(out var extensions))
        {
            return false;
        }

        var list = new Reader(extensions);
        while (list.UInt16(out var extension) && list.Vector16(out var data))
        {
            if (extension != AlpnExtension)
            {
                continue;
            }

            var alpn = new Reader(data);
            if (!alpn.Vector16(out var names))
            {
                return false;
            }

            var offered = new Reader(names);
            while (offered.Vector8(out var name))
            {
                if (name.SequenceEqual(protocol))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public bool Skip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool Byte(out byte value)
        {
            value = _rest.IsEmpty ? (byte)0 : _rest[0];
            return Skip(1);
        }

        public bool UInt16(out ushort value)
        {
            value = _rest.Length < 2 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_rest);
            return Skip(2);
        }

        public bool Vector8(out ReadOnlySpan<byte> value)
        {
            value = default;
            return Byte(out var length) && Take(length, out value);
        }

        public bool Vector16(out ReadOnlySpan<byte> value)
        {
            value = default;
            return UInt16(out var length) && Take(length, out value);
        }

        private bool Take(int length, out ReadOnlySpan<byte> value)
        {
            value = _rest.Length < length ? default : _rest[..length];
            return Skip(length);
        }
    }
}
