using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// digestAuth's nonces, bounded in time and in count. A nonce is its issue time and an HMAC of it under a key
/// drawn per instance, so issuing one stores nothing (a flood of challenges costs no memory) and a forged or
/// expired one is known without a lookup. What is stored is the last nonce count (nc) each nonce was used with,
/// so a request replayed with the same nc is refused; only nonces a correct response used get an entry, at
/// most <see cref="MaxTracked"/>, each for at most <see cref="Lifetime"/>.
/// </summary>
internal sealed class DigestNonces(TimeProvider time)
{
    public const int MaxTracked = 16_384;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (long Issued, long Count)> _used = new(StringComparer.Ordinal);

    public enum State
    {
        Valid,
        Stale,
        Invalid,
    }

    public string Issue()
    {
        var issued = time.GetUtcNow().ToUnixTimeMilliseconds();
        return issued.ToString("x16", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(Mac(issued));
    }

    public State Check(string nonce)
    {
        if (nonce.Length != 48
            || !long.TryParse(nonce.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var issued))
        {
            return State.Invalid;
        }

        Span<byte> given = stackalloc byte[16];
        if (Convert.FromHexString(nonce.AsSpan(16), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16
            || !CryptographicOperations.FixedTimeEquals(given, Mac(issued)))
        {
            return State.Invalid;
        }

        var age = time.GetUtcNow().ToUnixTimeMilliseconds() - issued;
        return age >= 0 && age < Lifetime.TotalMilliseconds ? State.Valid : State.Stale;
    }

    /// <summary>Records <paramref name="count"/> for a valid nonce; false when it is not above the last one (a replay) or no room is left.</summary>
    public bool TryUse(string nonce, long count)
    {
        var issued = long.Parse(nonce.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (!_used.ContainsKey(nonce) && _used.Count >= MaxTracked)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (key, value) in _used)
            {
                if (now - value.Issued >= Lifetime.TotalMilliseconds)
                {
                    _used.TryRemove(key, out _);
                }
            }

            if (_used.Count >= MaxTracked)
            {
                return false;
            }
        }

        while (true)
        {
            if (_used.TryGetValue(nonce, out var last))
            {
                if (count <= last.Count)
                {
                    return false;
                }

                if (_used.TryUpdate(nonce, (issued, count), last))
                {
                    return true;
                }
            }
            else if (_used.TryAdd(nonce, (issued, count)))
            {
                return true;
            }
        }
    }

    public int Tracked => _used.Count;

    private byte[] Mac(long issued)
    {
        Span<byte> stamp = stackalloc byte[8];
        BitConverter.TryWriteBytes(stamp, issued);
        return HMACSHA256.HashData(_key, stamp)[..16];
    }
}
