namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One client's requests in flight on this node, at most an amount. Enter and leave under a small lock;
/// a counter at zero is dropped by its map's sweep once idle, and retired under the same lock, so that a
/// request that found it just before cannot count in a counter the map no longer holds.
/// </summary>
public sealed class InFlightCounter(long now)
{
    private readonly Lock _lock = new();
    private long _count;
    private bool _retired;

    public long LastUsed { get; private set; } = now;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Counts a request in, unless the amount is reached; null when this counter was retired (look it up again).</summary>
    public bool? TryEnter(long amount, long now)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return null;
            }

            LastUsed = now;
            if (_count >= amount)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    public void Leave(long now)
    {
        lock (_lock)
        {
            LastUsed = now;
            _count--;
        }
    }

    /// <summary>Whether its map may forget it (nothing in flight); if so it is retired and takes no request any more.</summary>
    public bool TryRetire()
    {
        lock (_lock)
        {
            _retired = _count == 0;
            return _retired;
        }
    }
}
