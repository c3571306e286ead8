using System.Collections.Concurrent;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// The per-client state of one limiter, bounded: at most <see cref="Capacity"/> clients are tracked,
/// and an entry idle for <see cref="IdleExpiry"/> is dropped by a sweep. An entry is only dropped once it
/// no longer matters (a bucket refilled, no request in flight), so the bound never loosens a limit.
/// While the map is full, every client beyond it shares one overflow state, limited as one client is:
/// filling the map with made-up clients (headers, IPv6 addresses) gets an attacker one more client's
/// share, never an unlimited one. A sweep walks every entry, so it runs at most once per
/// <see cref="IdleExpiry"/>, and while full at most once per <see cref="FullSweepInterval"/>: never per request.
/// </summary>
public sealed class BoundedKeyMap<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    /// <summary>How often a full map looks for idle entries to make room, at most.</summary>
    public static readonly TimeSpan FullSweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<TKey, TValue> _entries;
    private readonly Func<TValue, long> _lastUsed;
    private readonly Func<TValue, bool> _droppable;
    private readonly TimeProvider _time;
    private readonly TKey _overflowKey;
    private readonly long _expiryTicks;
    private readonly long _fullSweepTicks;
    private long _lastSweep;
    private TValue? _overflow;

    /// <param name="overflowKey">The key the shared overflow state is made with (never a client's own).</param>
    public BoundedKeyMap(int capacity, TimeSpan idleExpiry, TimeProvider time, TKey overflowKey, Func<TValue, long> lastUsed, Func<TValue, bool>? droppable = null)
    {
        Capacity = capacity;
        IdleExpiry = idleExpiry;
        _time = time;
        _overflowKey = overflowKey;
        _lastUsed = lastUsed;
        _droppable = droppable ?? (static _ => true);
        _expiryTicks = (long)(idleExpiry.TotalSeconds * time.TimestampFrequency);
        _fullSweepTicks = Math.Min(_expiryTicks, (long)(FullSweepInterval.TotalSeconds * time.TimestampFrequency));
        _lastSweep = time.GetTimestamp();
        _entries = new ConcurrentDictionary<TKey, TValue>();
    }

    /// <summary>The most clients tracked at once; named in docs/middlewares.md.</summary>
    public int Capacity { get; }

    public TimeSpan IdleExpiry { get; }

    public int Count => _entries.Count;

    /// <summary>
    /// The state of <paramref name="key"/>, made by <paramref name="create"/> the first time; while the map
    /// is full, the one overflow state that every untracked client shares.
    /// </summary>
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> create, TArg argument)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            return found;
        }

        var now = _time.GetTimestamp();
        var last = Volatile.Read(ref _lastSweep);
        var due = _entries.Count >= Capacity ? _fullSweepTicks : _expiryTicks;
        if (now - last >= due && Interlocked.CompareExchange(ref _lastSweep, now, last) == last)
        {
            Sweep(now);
        }

        if (_entries.Count < Capacity)
        {
            return _entries.GetOrAdd(key, create, argument);
        }

        return Volatile.Read(ref _overflow) ?? Interlocked.CompareExchange(ref _overflow, create(_overflowKey, argument), null) ?? _overflow!;
    }

    /// <summary>Removes <paramref name="key"/> if it still maps to <paramref name="value"/>.</summary>
    public bool Remove(TKey key, TValue value) => _entries.TryRemove(KeyValuePair.Create(key, value));

    /// <summary>Drops every entry idle past the expiry that says it may go.</summary>
    public void Sweep(long now)
    {
        Volatile.Write(ref _lastSweep, now);
        foreach (var (key, value) in _entries)
        {
            if (now - _lastUsed(value) >= _expiryTicks && _droppable(value))
            {
                _entries.TryRemove(KeyValuePair.Create(key, value));
            }
        }
    }
}
