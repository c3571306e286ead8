using System.Globalization;
using System.Security.Cryptography;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// digestAuth's nonces, bounded in time and in count. A nonce is its issue time and an HMAC of it under a key
/// drawn per instance, so issuing one stores nothing (a flood of challenges costs no memory) and a forged or
/// expired one is known without a lookup. What is stored is the last nonce count (nc) each nonce was used with,
/// so a request replayed with the same nc is refused; only nonces a correct response used get an entry, at
/// most <see cref="MaxTracked"/> (the oldest evicted first), each valid for at most <see cref="Lifetime"/>.
/// </summary>
internal sealed class DigestNonces(TimeProvider time)
{
    public const int MaxTracked = 16_384;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Issued, long Count)> _used = new(StringComparer.Ordinal);

    // The tracked nonces in the order they were first used: the head is the one evicted when the table is full.
    private readonly Queue<string> _order = new();

    // The newest issue time among evicted nonces: an untracked nonce not newer than it may be a replay.
    private long _evictedUpTo = long.MinValue;

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

    /// <summary>
    /// Records <paramref name="count"/> for a valid nonce; false when it is not above the last one (a replay), or when
    /// the nonce is untracked and not newer than the last one evicted (its record is gone, so a replay could not be
    /// told from a first use: the client asks again with a fresh nonce). When full, the oldest entry is evicted
    /// (O(1)): one busy client can no longer lock everyone out by filling the table.
    /// </summary>
    public bool TryUse(string nonce, long count)
    {
        var issued = long.Parse(nonce.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        lock (_lock)
        {
            if (_used.TryGetValue(nonce, out var last))
            {
                if (count <= last.Count)
                {
                    return false;
                }

                _used[nonce] = (issued, count);
                return true;
            }

            if (issued <= _evictedUpTo)
            {
                return false;
            }

            while (_used.Count >= MaxTracked && _order.TryDequeue(out var oldest))
            {
                if (_used.Remove(oldest, out var gone))
                {
                    _evictedUpTo = Math.Max(_evictedUpTo, gone.Issued);
                }
            }

            _used[nonce] = (issued, count);
            _order.Enqueue(nonce);
            return true;
        }
    }

    public int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }
    private byte[] Mac(long issued)
    {
        Span<byte> stamp = stackalloc byte[8];
        BitConverter.TryWriteBytes(stamp, issued);
        return HMACSHA256.HashData(_key, stamp)[..16];
    }
}
