using System.Net;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// 64-bit hashes that are the same in every process and on every node (string.GetHashCode is seeded per
/// process), for decisions that all nodes must take alike: FNV-1a over the bytes, then a finalizer that
/// spreads FNV's weak low bits.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The ordinal UTF-16 code units of <paramref name="text"/>.</summary>
    public static ulong Of(string text)
    {
        var hash = OffsetBasis;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return Mix(hash);
    }

    /// <summary>
    /// The address's bytes; an IPv4 address seen on a dual-mode socket (<c>::ffff:1.2.3.4</c>) hashes as
    /// <c>1.2.3.4</c>, so one client is one key whichever way the listener reports it. Null hashes as no bytes.
    /// </summary>
    public static ulong Of(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = 0;
        if (address is not null && address.TryWriteBytes(bytes, out length) && address.IsIPv4MappedToIPv6)
        {
            bytes = bytes[12..];
            length = 4;
        }

        var hash = OffsetBasis;
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * Prime;
        }

        return Mix(hash);
    }

    /// <summary>SplitMix64's finalizer: every input bit reaches every output bit; also a counter-based random draw.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9;
        value = (value ^ (value >> 27)) * 0x94d049bb133111eb;
        return value ^ (value >> 31);
    }
}
