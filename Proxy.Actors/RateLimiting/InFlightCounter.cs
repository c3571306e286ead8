namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One client's requests in flight on this node, at most an amount. Enter and leave under a small lock;
/// a counter at zero is dropped by its map's sweep once idle.
/// </summary>
public sealed class InFlightCounter(long now)
{
    private readonly Lock _lock = new();
    private long _count;

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

    public bool TryEnter(long amount, long now)
    {
        lock (_lock)
        {
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

    /// <summary>Whether its map may forget it: nothing in flight.</summary>
    public bool IsIdle => Count == 0;
}
