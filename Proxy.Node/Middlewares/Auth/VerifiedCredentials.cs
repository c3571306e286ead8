using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// The credentials a basicAuth middleware verified lately, so that a client who sends the same user and password
/// on every request pays the slow hash (bcrypt) once per <see cref="Lifetime"/>. It keeps no password: the key is
/// a 128-bit MAC of user and password under a key drawn at random for this instance, so a memory dump shows
/// nothing an offline guess could start from without also finding the key. The MAC is SipHash-2-4 with 128 bits
/// (<see cref="SipHash"/>): it runs on every request of a verified client, where an HMAC-SHA256 through OpenSSL cost
/// more than the rest of the check. Only successful checks go in, so an
/// attacker without a password cannot grow it; it holds at most <see cref="MaxEntries"/>.
/// </summary>
internal sealed class VerifiedCredentials(TimeProvider time)
{
    public const int MaxEntries = 1024;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly SipHash _mac = new();
    private readonly ConcurrentDictionary<UInt128, long> _expiries = new();

    /// <summary>
    /// The key that stands for this user and password in <see cref="Contains"/> and <see cref="Add"/>: computed
    /// once per request, since it is the MAC of the credentials that costs, not the lookups.
    /// </summary>
    public UInt128 KeyOf(string user, string password)
    {
        // user, a zero byte (no user name has one), password: "ab"+"c" and "a"+"bc" differ.
        var length = Encoding.UTF8.GetByteCount(user) + 1 + Encoding.UTF8.GetByteCount(password);
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(user, buffer);
        buffer[written++] = 0;
        Encoding.UTF8.GetBytes(password, buffer[written..]);
        var mac = _mac.Hash(buffer[..length]);
        CryptographicOperations.ZeroMemory(buffer);
        return mac;
    }

    public bool Contains(UInt128 key)
    {
        if (!_expiries.TryGetValue(key, out var expiry))
        {
            return false;
        }

        if (time.GetTimestamp() < expiry)
        {
            return true;
        }

        _expiries.TryRemove(key, out _);
        return false;
    }

    public void Add(UInt128 key)
    {
        var now = time.GetTimestamp();
        if (_expiries.Count >= MaxEntries)
        {
            foreach (var (remembered, expiry) in _expiries)
            {
                if (expiry <= now)
                {
                    _expiries.TryRemove(remembered, out _);
                }
            }

            // Still full of live entries: this one is checked slowly again next time rather than evicting another.
            if (_expiries.Count >= MaxEntries)
            {
                return;
            }
        }

        _expiries[key] = now + (long)(Lifetime.TotalSeconds * time.TimestampFrequency);
    }

    public int Count => _expiries.Count;
}
