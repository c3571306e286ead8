namespace Proxy.Node.ProxyProtocol;

/// <summary>
/// At most one line per <see cref="Interval"/> for one kind of PROXY protocol refusal on one entry point,
/// with the count of those left out: any client can cause them, and many peers at once must not flood the
/// log. Lock-free, as every connection of the entry point may call it.
/// </summary>
internal sealed class ProxyProtocolLogLimiter(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _next = long.MinValue;
    private int _suppressed;

    /// <summary>True when this refusal is to be logged; <paramref name="suppressed"/> counts those left out since the last line.</summary>
    public bool ShouldLog(out int suppressed)
    {
        var now = time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now < next || Interlocked.CompareExchange(ref _next, now + (long)(Interval.TotalSeconds * time.TimestampFrequency), next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
