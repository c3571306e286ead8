using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// What a limiter keeps of a client's key: 128 bits, never the value itself, so that a map of 65,536
/// clients holds 16 bytes each whatever the Host or header sent (up to 32 KB), and no one can aim values
/// at one bucket. An address is its own 128 bits (IPv4 as IPv4-mapped IPv6): distinct clients never share
/// a key and nothing needs hashing on the path every default rateLimit takes. A string is hashed: scope
/// <c>node</c> with SipHash under a random key of this handler (<see cref="SipHash"/>); scope
/// <c>cluster</c> must give every node the same key, so it hashes SHA-256 over the middleware's name and
/// the value (the router is in the owner's key string beside it).
/// </summary>
internal sealed class LimitKeyHash
{
    private const int StackLimit = 512;

    private readonly SipHash? _secret;
    private readonly byte[] _prefix;

    private LimitKeyHash(SipHash? secret, byte[] prefix)
    {
        _secret = secret;
        _prefix = prefix;
    }

    public static LimitKeyHash ForNode() => new(new SipHash(), []);

    public static LimitKeyHash ForCluster(string middleware) => new(null, Encoding.UTF8.GetBytes($"{middleware}|"));

    public UInt128 Of(string value)
    {
        var length = _prefix.Length + Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            _prefix.CopyTo(buffer);
            var written = _prefix.Length + Encoding.UTF8.GetBytes(value, buffer[_prefix.Length..]);
            return Hash(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The address's 128 bits, as the same on every node as a cluster key must be. The unspecified address
    /// (<c>::</c>) would be <see cref="LimitSource.Overflow"/>; no connection comes from it.
    /// </summary>
    public static UInt128 Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            // ::ffff:a.b.c.d, written in place: MapToIPv6 would allocate an address per request.
            bytes.Clear();
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }

        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private UInt128 Hash(ReadOnlySpan<byte> data)
    {
        if (_secret is not null)
        {
            return _secret.Hash(data);
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
