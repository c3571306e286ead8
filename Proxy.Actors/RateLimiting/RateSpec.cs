namespace Proxy.Actors.RateLimiting;

/// <summary>
/// A token bucket's parameters: <see cref="TokensPerSecond"/> refilled continuously, at most
/// <see cref="Burst"/> held, as Traefik derives them from <c>average</c>, <c>period</c> and <c>burst</c>.
/// </summary>
public readonly record struct RateSpec(double TokensPerSecond, long Burst)
{
    /// <summary>
    /// Traefik's reading: average tokens every period; a burst below 1 is 1. An average of 0 limits
    /// nothing, which the caller checks first (<see cref="Limits"/>).
    /// </summary>
    public static RateSpec Of(long average, TimeSpan period, long burst) =>
        new(average <= 0 ? 0 : average / period.TotalSeconds, Math.Max(1, burst));

    public bool Limits => TokensPerSecond > 0;

    /// <summary>
    /// How long a request may be held for a token instead of refused, as Traefik does: half the time
    /// between two tokens, and 500 ms below one token per second.
    /// </summary>
    public TimeSpan MaxDelay => TokensPerSecond < 1
        ? TimeSpan.FromMilliseconds(500)
        : TimeSpan.FromSeconds(1 / (Math.Floor(TokensPerSecond) * 2));

    /// <summary>The time a drained bucket takes to fill again: past it, an idle bucket is the same as a new one.</summary>
    public TimeSpan RefillTime => TimeSpan.FromSeconds(Burst / TokensPerSecond);

    /// <summary>This limit shared among <paramref name="nodes"/> nodes, each keeping its part (the localShare fallback).</summary>
    public RateSpec Share(int nodes) =>
        nodes <= 1 ? this : new(TokensPerSecond / nodes, Math.Max(1, Burst / nodes));
}
