namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// Lets traffic back in while a breaker recovers, as Traefik's ratio controller does: the share of
/// requests let through aims at 0.5 × elapsed / recovery duration, and a request is let through when
/// doing so keeps the share so far below that aim. Not thread-safe: the breaker's lock guards it.
/// </summary>
/// <remarks>
/// The aim stops at one half because, counted from the start of recovery, letting every later
/// request through only approaches a share of 1; at 0.5 the ramp has reached equilibrium and the
/// breaker closes when the recovery duration ends.
/// </remarks>
internal sealed class RecoveryRamp(long startTimestamp, TimeSpan duration)
{
    private long _allowed;
    private long _denied;

    public bool Allow(TimeProvider time)
    {
        var target = 0.5 * time.GetElapsedTime(startTimestamp).Ticks / duration.Ticks;
        var shareIfAllowed = (double)(_allowed + 1) / (_allowed + 1 + _denied);
        if (shareIfAllowed < target)
        {
            _allowed++;
            return true;
        }

        _denied++;
        return false;
    }
}
