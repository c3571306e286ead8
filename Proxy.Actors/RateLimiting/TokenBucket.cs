namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One client's token bucket, with Go's <c>rate.Limiter</c> reading of time that Traefik uses: full at
/// first, refilled continuously, a token may be reserved ahead if it comes within the allowed delay.
/// Shared by the requests of one client: a small lock, held for a few arithmetic operations.
/// Time is a <see cref="TimeProvider"/> timestamp, so a test moves it.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly RateSpec _spec;
    private readonly double _ticksPerSecond;
    private double _tokens;
    private long _last;

    public TokenBucket(RateSpec spec, long now, TimeProvider time)
    {
        _spec = spec;
        _ticksPerSecond = time.TimestampFrequency;
        _tokens = spec.Burst;
        _last = now;
        LastUsed = now;
    }

    private TokenBucket(RateSpec spec, long now, double ticksPerSecond, double tokens)
    {
        _spec = spec;
        _ticksPerSecond = ticksPerSecond;
        _tokens = tokens;
        _last = now;
        LastUsed = now;
    }

    /// <summary>
    /// A bucket that starts with no token and fills at the rate: a key that moved to a new owner, whose
    /// old bucket (drained or not) is out of reach.
    /// </summary>
    public static TokenBucket Empty(RateSpec spec, long now, TimeProvider time) => new(spec, now, time.TimestampFrequency, 0);

    /// <summary>When a request last took from it, for the idle expiry of the map holding it.</summary>
    public long LastUsed { get; private set; }

    /// <summary>
    /// Takes one token now, or reserves the next one if it comes within <paramref name="maxDelay"/> (the
    /// request then waits that long); otherwise takes nothing and says when a token will be there.
    /// </summary>
    public LimitDecision Take(long now, TimeSpan maxDelay)
    {
        lock (_lock)
        {
            Advance(now);
            _tokens -= 1;
            if (_tokens >= 0)
            {
                return LimitDecision.Admit;
            }

            var wait = TimeSpan.FromSeconds(-_tokens / _spec.TokensPerSecond);
            if (wait <= maxDelay)
            {
                return LimitDecision.After(wait);
            }

            _tokens += 1;
            return LimitDecision.Refuse(wait);
        }
    }

    /// <summary>
    /// Takes up to <paramref name="wanted"/> whole tokens, none ahead of time: what an owner grants a node.
    /// Returns how many; with none, <paramref name="retryIn"/> is when the next one comes.
    /// </summary>
    public int TakeUpTo(long now, int wanted, out TimeSpan retryIn)
    {
        lock (_lock)
        {
            Advance(now);
            var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
            if (granted > 0)
            {
                _tokens -= granted;
                retryIn = TimeSpan.Zero;
                return granted;
            }

            retryIn = TimeSpan.FromSeconds((1 - _tokens) / _spec.TokensPerSecond);
            return 0;
        }
    }

    /// <summary>The tokens it holds now, a fraction included; negative while a reserved token is not yet there.</summary>
    public double Available(long now)
    {
        lock (_lock)
        {
            Refill(now);
            return _tokens;
        }
    }

    /// <summary>A bucket at <paramref name="spec"/> holding what this one holds now, at most its burst.</summary>
    public TokenBucket Respec(RateSpec spec, long now)
    {
        lock (_lock)
        {
            Advance(now);
            return new TokenBucket(spec, now, _ticksPerSecond, Math.Min(spec.Burst, _tokens));
        }
    }

    private void Advance(long now)
    {
        Refill(now);
        LastUsed = now;
    }

    // Looking is not using: the idle expiry of the map holding the bucket counts takes alone.
    private void Refill(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_spec.Burst, _tokens + ((now - _last) / _ticksPerSecond * _spec.TokensPerSecond));
            _last = now;
        }
    }
}
