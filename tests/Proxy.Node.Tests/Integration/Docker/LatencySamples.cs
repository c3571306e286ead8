namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Percentiles of measured latencies, nearest-rank: every value reported is one that was measured,
/// so with few samples the p95 is an actual (slow) sample rather than an interpolation.
/// </summary>
public static class LatencySamples
{
    public static TimeSpan P95(IReadOnlyCollection<TimeSpan> samples) => At([.. samples.Order()], 0.95);

    /// <summary>p50, p95 and max in milliseconds, as the tests print them beside their targets.</summary>
    public static string Percentiles(IReadOnlyCollection<TimeSpan> samples)
    {
        List<TimeSpan> sorted = [.. samples.Order()];
        return $"p50 {At(sorted, 0.5).TotalMilliseconds:F0} ms, p95 {At(sorted, 0.95).TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms";
    }

    private static TimeSpan At(List<TimeSpan> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * p) - 1)];
}
