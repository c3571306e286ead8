using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// What a limiter keeps of a client's key: a 128-bit hash, never the value itself, so that a map of
/// 65,536 clients holds 16 bytes each whatever the Host or header sent (up to 32 KB), and no one can aim
/// values at one bucket or at one chain of the map's hash table. An address is hashed too: its raw bits
/// would let a client with a /64 pick 2^32 addresses of one .NET hash code (UInt128's folds its halves
/// unseeded) and make every lookup walk them all. Scope <c>node</c> hashes with SipHash under a random key
/// of this handler (<see cref="SipHash"/>, tens of nanoseconds); scope <c>cluster</c> must give every node
/// the same key, so it hashes SHA-256 over the middleware's name and the value (the router is in the
/// owner's key string beside it).
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

    public UInt128 Of(string value) =>
        HashPrefixed(Encoding.UTF8.GetMaxByteCount(value.Length), value, static (value, into) => Encoding.UTF8.GetBytes(value, into));

    public UInt128 Of(IPAddress address) =>
        // A family byte, then the address bytes (4 or 16).
        HashPrefixed(17, address, static (address, into) =>
        {
            into[0] = (byte)address.AddressFamily;
            address.TryWriteBytes(into[1..], out var written);
            return 1 + written;
        });

    // The prefix and what write puts after it (at most maxPayload bytes), hashed from the stack or a rented buffer.
    private UInt128 HashPrefixed<TState>(int maxPayload, TState state, Func<TState, Span<byte>, int> write)
    {
        var length = _prefix.Length + maxPayload;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            _prefix.CopyTo(buffer);
            var written = _prefix.Length + write(state, buffer[_prefix.Length..]);
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
