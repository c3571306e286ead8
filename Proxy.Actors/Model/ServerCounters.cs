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

    // The TimeProvider timestamp when leasttime last chose this server; 0 before it ever did.
    private long _pickedAt;

    // The TimeProvider timestamp of the leasttime probe still out, 0 when none: the answer to a request sent at or
    // after it replaces the average instead of moving it a tenth.
    private long _probedAt;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// The server's recent time to first byte (an exponentially weighted moving average, each response counting
    /// one tenth, the answer to a probe replacing it), what the leasttime strategy compares; zero before the first
    /// response, so a new server is tried.
    /// </summary>
    public TimeSpan ResponseTime => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _responseTicks)));

    /// <summary>
    /// The <see cref="TimeProvider"/> timestamp when the leasttime strategy last chose this server, or first saw its
    /// average without choosing it (0 before either).
    /// </summary>
    public long PickedAt => Interlocked.Read(ref _pickedAt);

    /// <summary>The leasttime strategy chose this server at <paramref name="timestamp"/> by its score.</summary>
    public void Picked(long timestamp) => Interlocked.Exchange(ref _pickedAt, timestamp);

    /// <summary>The leasttime strategy first saw this server's average at <paramref name="timestamp"/>, without choosing it; a choice meanwhile stands.</summary>
    public void Seen(long timestamp) => Interlocked.CompareExchange(ref _pickedAt, timestamp, 0);

    /// <summary>
    /// The leasttime strategy chose this server at <paramref name="timestamp"/> because its average had gone
    /// stale: the answer to the request sent then replaces the average, as the first one sets it.
    /// </summary>
    public void Probed(long timestamp)
    {
        Interlocked.Exchange(ref _probedAt, timestamp);
        Interlocked.Exchange(ref _pickedAt, timestamp);
    }

    public void Started()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Failed() => Interlocked.Increment(ref _failures);

    /// <summary>
    /// A response's headers arrived <paramref name="timeToFirstByte"/> after its request was sent, at the
    /// <see cref="TimeProvider"/> timestamp <paramref name="sent"/>. A request sent before a probe was decided says
    /// nothing new about the stale average, so only one sent at or after it (the probe itself, or a sticky request
    /// that overtook it, just as fresh) replaces it.
    /// </summary>
    public void Responded(TimeSpan timeToFirstByte, long sent)
    {
        var sample = Math.Max(0, timeToFirstByte.Ticks);

        // Read before swapping: this runs on every leasttime response, and a probe is out at most once in 10 s.
        var probe = Volatile.Read(ref _probedAt);
        var replace = probe != 0 && sent >= probe && Interlocked.CompareExchange(ref _probedAt, 0, probe) == probe;
        while (true)
        {
            var current = Interlocked.Read(ref _responseTicks);
            var next = current < 0 || replace ? sample : current + ((sample - current) / 10);
            if (Interlocked.CompareExchange(ref _responseTicks, next, current) == current)
            {
                return;
            }
        }
    }
}
