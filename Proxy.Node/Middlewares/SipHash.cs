using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Proxy.Node.Middlewares;

/// <summary>
/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein), a pseudorandom function under a secret key:
/// what the middlewares key their per-request maps with when a value must not be kept (a password, a header of
/// up to 32 KB) and no one may aim two values at one entry. An HMAC-SHA256 gives the same guarantee at about
/// 60 times the cost per request here (OpenSSL's context set-up dominates for a few dozen bytes); this runs in
/// managed code with no allocation. The key is drawn at random for each instance and never leaves it.
/// </summary>
internal sealed class SipHash
{
    private readonly ulong _k0;
    private readonly ulong _k1;

    public SipHash()
        : this(RandomNumberGenerator.GetBytes(16))
    {
    }

    /// <summary>A known key: for the reference vectors only.</summary>
    internal SipHash(ReadOnlySpan<byte> key)
    {
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
    }

    public UInt128 Hash(ReadOnlySpan<byte> data)
    {
        var v0 = _k0 ^ 0x736f6d6570736575UL;
        var v1 = _k1 ^ 0x646f72616e646f6dUL ^ 0xee;
        var v2 = _k0 ^ 0x6c7967656e657261UL;
        var v3 = _k1 ^ 0x7465646279746573UL;

        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last block: the bytes left, and the length's low byte on top.
        var last = (ulong)data.Length << 56;
        for (var i = data.Length - 1; i >= whole; i--)
        {
            last |= (ulong)data[i] << (8 * (i - whole));
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xee;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        var low = v0 ^ v1 ^ v2 ^ v3;
        v1 ^= 0xdd;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return new UInt128(v0 ^ v1 ^ v2 ^ v3, low);
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
