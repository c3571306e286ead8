using System.Collections.Concurrent;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// The per-client state of one limiter, bounded: at most <see cref="Capacity"/> clients are tracked,
/// and an entry idle for <see cref="IdleExpiry"/> is dropped by the next sweep (a sweep runs when a new
/// client arrives, at most once per expiry). An entry is only dropped once it no longer matters
/// (a bucket refilled, no request in flight), so the bound never loosens a limit; a client beyond the
/// bound gets a state of its own that is not kept (Traefik's 65,536 sources, same idea).
/// </summary>
public sealed class BoundedKeyMap<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries;
    private readonly Func<TValue, long> _lastUsed;
    private readonly Func<TValue, bool> _droppable;
    private readonly TimeProvider _time;
    private readonly long _expiryTicks;
    private long _nextSweep;

    public BoundedKeyMap(int capacity, TimeSpan idleExpiry, TimeProvider time, Func<TValue, long> lastUsed, Func<TValue, bool>? droppable = null)
    {
        Capacity = capacity;
        IdleExpiry = idleExpiry;
        _time = time;
        _lastUsed = lastUsed;
        _droppable = droppable ?? (static _ => true);
        _expiryTicks = (long)(idleExpiry.TotalSeconds * time.TimestampFrequency);
        _entries = new ConcurrentDictionary<TKey, TValue>();
    }

    /// <summary>The most clients tracked at once; named in docs/middlewares.md.</summary>
    public int Capacity { get; }

    public TimeSpan IdleExpiry { get; }

    public int Count => _entries.Count;

    /// <summary>The state of <paramref name="key"/>, made by <paramref name="create"/> the first time.</summary>
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> create, TArg argument)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            return found;
        }

        var now = _time.GetTimestamp();
        if (now >= Volatile.Read(ref _nextSweep) || _entries.Count >= Capacity)
        {
            Sweep(now);
        }

        return _entries.Count >= Capacity ? create(key, argument) : _entries.GetOrAdd(key, create, argument);
    }

    /// <summary>Removes <paramref name="key"/> if it still maps to <paramref name="value"/>.</summary>
    public bool Remove(TKey key, TValue value) => _entries.TryRemove(KeyValuePair.Create(key, value));

    /// <summary>Drops every entry idle past the expiry that says it may go.</summary>
    public void Sweep(long now)
    {
        Volatile.Write(ref _nextSweep, now + _expiryTicks);
        foreach (var (key, value) in _entries)
        {
            if (now - _lastUsed(value) >= _expiryTicks && _droppable(value))
            {
                _entries.TryRemove(KeyValuePair.Create(key, value));
            }
        }
    }
}
