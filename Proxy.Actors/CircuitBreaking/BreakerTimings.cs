namespace Proxy.Actors.CircuitBreaking;

/// <summary>The durations of a circuit breaker, Traefik's options of the same names.</summary>
/// <param name="CheckPeriod">How often, at most, the expression is evaluated (on a response's way back).</param>
/// <param name="FallbackDuration">How long the breaker stays open once tripped.</param>
/// <param name="RecoveryDuration">How long the ramp back to full traffic lasts.</param>
public sealed record BreakerTimings(TimeSpan CheckPeriod, TimeSpan FallbackDuration, TimeSpan RecoveryDuration)
{
    public static BreakerTimings Traefik { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
}
