namespace Proxy.Actors.Model;

/// <summary>
/// Per-server counters written by the request path with interlocked operations. One instance
/// lives as long as the server's backend actor, so counts survive snapshot swaps.
/// </summary>
public sealed class ServerCounters
{
    private long _inFlight;
    private long _requests;
    private long _failures;

    // Time to first byte in TimeSpan ticks, a moving average; -1 until the first response.
    private long _responseTicks = -1;

    // The load balancer's ticket when leasttime last chose this server.
    private long _pickedAt;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// The server's recent time to first byte (an exponentially weighted moving average, each response counting
    /// one tenth), what the leasttime strategy compares; zero before the first response, so a new server is tried.
    /// </summary>
    public TimeSpan ResponseTime => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _responseTicks)));

    /// <summary>The load balancer's ticket when the leasttime strategy last chose this server (0 before it ever did).</summary>
    public long PickedAt => Interlocked.Read(ref _pickedAt);

    public void Picked(long ticket) => Interlocked.Exchange(ref _pickedAt, ticket);

    public void Started()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Failed() => Interlocked.Increment(ref _failures);

    /// <summary>A response's headers arrived <paramref name="timeToFirstByte"/> after its request was sent.</summary>
    public void Responded(TimeSpan timeToFirstByte)
    {
        var sample = Math.Max(0, timeToFirstByte.Ticks);
        while (true)
        {
            var current = Interlocked.Read(ref _responseTicks);
            var next = current < 0 ? sample : current + ((sample - current) / 10);
            if (Interlocked.CompareExchange(ref _responseTicks, next, current) == current)
            {
                return;
            }
        }
    }
}
