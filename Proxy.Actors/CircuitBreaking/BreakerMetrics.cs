namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// The recent traffic of one circuit breaker, over rolling windows as Traefik keeps them: request,
/// network-error and per-status counts over the last 10 s in 1 s slots, and latencies over the last
/// minute in six 10 s slices. Safe to share between threads: one short lock per record and per read,
/// uncontended on all but the busiest routers, and never held across an await.
/// </summary>
public sealed class BreakerMetrics : IBreakerMetrics
{
    /// <summary>How many one-second slots the counts keep.</summary>
    public const int CountSlots = 10;

    /// <summary>How many slices the latencies keep, each <see cref="LatencySliceSeconds"/> long.</summary>
    public const int LatencySlices = 6;

    public const int LatencySliceSeconds = 10;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _lock = new();
    private readonly CountSlot[] _counts = [.. Enumerable.Range(0, CountSlots).Select(_ => new CountSlot())];
    private readonly LatencySlice[] _latencies = [.. Enumerable.Range(0, LatencySlices).Select(_ => new LatencySlice())];

    public BreakerMetrics(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <summary>One finished request: its status, how long it took, whether it failed on the network.</summary>
    /// <remarks>
    /// A 502 or 504 counts as a network error whatever produced it, as in Traefik: that is what the
    /// forwarder answers when a backend cannot be reached or does not answer in time.
    /// </remarks>
    public void Record(int status, TimeSpan latency, bool networkError)
    {
        var second = NowSecond();
        var bucket = LatencyBuckets.IndexOf((long)latency.TotalMicroseconds);
        lock (_lock)
        {
            var slot = CurrentCountSlot(second);
            slot.Total++;
            if (networkError || status is 502 or 504)
            {
                slot.NetworkErrors++;
            }

            slot.Statuses[status] = slot.Statuses.GetValueOrDefault(status) + 1;

            var slice = CurrentLatencySlice(second / LatencySliceSeconds);
            slice.Buckets[bucket]++;
            slice.Total++;
        }
    }

    /// <summary>Forgets everything, as Traefik does when the breaker trips: recovery starts from a clean window.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var slot in _counts)
            {
                slot.Clear(long.MinValue);
            }

            foreach (var slice in _latencies)
            {
                slice.Clear(long.MinValue);
            }
        }
    }

    public double NetworkErrorRatio()
    {
        var second = NowSecond();
        long total = 0, errors = 0;
        lock (_lock)
        {
            foreach (var slot in LiveCountSlots(second))
            {
                total += slot.Total;
                errors += slot.NetworkErrors;
            }
        }

        return total == 0 ? 0 : (double)errors / total;
    }

    public double ResponseCodeRatio(int from, int to, int divFrom, int divTo)
    {
        var second = NowSecond();
        long numerator = 0, divisor = 0;
        lock (_lock)
        {
            foreach (var slot in LiveCountSlots(second))
            {
                foreach (var (status, count) in slot.Statuses)
                {
                    numerator += status >= from && status < to ? count : 0;
                    divisor += status >= divFrom && status < divTo ? count : 0;
                }
            }
        }

        return divisor == 0 ? 0 : (double)numerator / divisor;
    }

    public double LatencyAtQuantileMs(double quantile)
    {
        var period = NowSecond() / LatencySliceSeconds;
        lock (_lock)
        {
            var live = _latencies.Where(s => s.Period > period - LatencySlices && s.Period <= period).ToArray();
            long total = live.Sum(s => s.Total);
            if (total == 0)
            {
                return 0;
            }

            // The rank of the quantile, rounded, and at least the first value, as an HDR histogram ranks it.
            var rank = Math.Max(1, (long)((quantile / 100 * total) + 0.5));
            long seen = 0;
            for (var index = 0; index < LatencyBuckets.Count; index++)
            {
                foreach (var slice in live)
                {
                    seen += slice.Buckets[index];
                }

                if (seen >= rank)
                {
                    return LatencyBuckets.HighestValueOf(index) / 1000;
                }
            }

            return LatencyBuckets.MaxMicroseconds / 1000;
        }
    }

    private long NowSecond() => (long)Math.Floor(_time.GetElapsedTime(_origin).TotalSeconds);

    private CountSlot CurrentCountSlot(long second)
    {
        var slot = _counts[second % CountSlots];
        if (slot.Second != second)
        {
            slot.Clear(second);
        }

        return slot;
    }

    private IEnumerable<CountSlot> LiveCountSlots(long second) =>
        _counts.Where(s => s.Second > second - CountSlots && s.Second <= second);

    private LatencySlice CurrentLatencySlice(long period)
    {
        var slice = _latencies[period % LatencySlices];
        if (slice.Period != period)
        {
            slice.Clear(period);
        }

        return slice;
    }

    /// <summary>The counts of one second, reused when the window comes round to it again.</summary>
    private sealed class CountSlot
    {
        public long Second { get; private set; } = long.MinValue;

        public long Total { get; set; }

        public long NetworkErrors { get; set; }

        public Dictionary<int, long> Statuses { get; } = [];

        public void Clear(long second)
        {
            Second = second;
            Total = 0;
            NetworkErrors = 0;
            Statuses.Clear();
        }
    }

    /// <summary>The latencies of one 10 s period.</summary>
    private sealed class LatencySlice
    {
        public long Period { get; private set; } = long.MinValue;

        public long Total { get; set; }

        public long[] Buckets { get; } = new long[LatencyBuckets.Count];

        public void Clear(long period)
        {
            Period = period;
            Total = 0;
            Array.Clear(Buckets);
        }
    }
}
