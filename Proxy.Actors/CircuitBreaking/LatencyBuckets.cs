namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// Maps a latency in microseconds to a histogram bucket and back, log-linear as an HDR histogram:
/// exact below 64 µs, then 64 buckets per power of two, so a bucket's width is under 1.6 % of its
/// values (Traefik's histogram keeps 2 significant figures, 1 %). Values clamp at one hour, as Traefik's do.
/// </summary>
internal static class LatencyBuckets
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;

    /// <summary>One hour in microseconds, the largest latency told apart.</summary>
    public const long MaxMicroseconds = 3_600_000_000;

    /// <summary>Enough buckets for every value up to <see cref="MaxMicroseconds"/> (below 2^32).</summary>
    public const int Count = SubBuckets + ((32 - SubBucketBits) * SubBuckets);

    public static int IndexOf(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, MaxMicroseconds);
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - (int)long.LeadingZeroCount(value);
        var shift = exponent - SubBucketBits;
        var mantissa = (int)(value >> shift) & (SubBuckets - 1);
        return SubBuckets + (shift * SubBuckets) + mantissa;
    }

    /// <summary>The largest value that lands in bucket <paramref name="index"/>, as an HDR histogram reports a quantile.</summary>
    public static long HighestValueOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index - SubBuckets) / SubBuckets;
        var mantissa = (index - SubBuckets) % SubBuckets;
        return ((long)(SubBuckets + mantissa + 1) << shift) - 1;
    }
}
