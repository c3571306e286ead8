namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// One circuit breaker's state, as Traefik's (vulcand/oxy cbreaker) behaves: closed until the
/// expression holds at a check, then open for the fallback duration, then recovering (a growing share
/// of requests let through) for the recovery duration, back to open if the expression holds again
/// meanwhile, else closed. One instance per router that uses the middleware, shared by its requests.
/// </summary>
/// <remarks>
/// Transitions happen on requests, never on a timer: a request arriving after the fallback duration
/// moves an open breaker to recovering, one arriving after the recovery duration closes it. The
/// expression is evaluated on a response's way back, at most once per check period, and not while
/// open (its metrics were reset on tripping and no request runs).
/// </remarks>
public sealed class CircuitBreaker
{
    private readonly BreakerExpression _expression;
    private readonly BreakerTimings _timings;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Written under _lock; read without it on the fast path, where a stale Closed only lets one more
    // request through, as Traefik's read-locked standby check does.
    private volatile BreakerState _state = BreakerState.Closed;
    private long _until;
    private long _nextCheck;
    private RecoveryRamp? _ramp;

    public CircuitBreaker(BreakerExpression expression, BreakerTimings timings, TimeProvider time)
    {
        _expression = expression;
        _timings = timings;
        _time = time;
        Metrics = new BreakerMetrics(time);
        _nextCheck = time.GetTimestamp();
    }

    public BreakerMetrics Metrics { get; }

    public BreakerState State => _state;

    /// <summary>
    /// Whether a request goes through (true) or gets the fallback response (false). Moves an open breaker
    /// whose fallback duration is over to recovering, and a recovering one whose recovery is over to closed.
    /// </summary>
    public bool Admit(out BreakerState? entered)
    {
        entered = null;
        if (_state == BreakerState.Closed)
        {
            return true;
        }

        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_state == BreakerState.Open)
            {
                if (now < _until)
                {
                    return false;
                }

                _state = BreakerState.Recovering;
                _until = now + ToTimestamp(_timings.RecoveryDuration);
                _ramp = new RecoveryRamp(now, _timings.RecoveryDuration);
                entered = BreakerState.Recovering;
            }

            if (_state == BreakerState.Recovering)
            {
                if (now > _until)
                {
                    _state = BreakerState.Closed;
                    _ramp = null;
                    entered = BreakerState.Closed;
                    return true;
                }

                return _ramp!.Allow(_time);
            }

            return true;
        }
    }

    /// <summary>
    /// Records a request that went through, then checks the expression if a check period has passed.
    /// Returns true when this check tripped the breaker.
    /// </summary>
    public bool Record(int status, TimeSpan latency, bool networkError)
    {
        Metrics.Record(status, latency, networkError);
        var now = _time.GetTimestamp();
        if (now <= Volatile.Read(ref _nextCheck))
        {
            return false;
        }

        lock (_lock)
        {
            // Another request may have checked meanwhile.
            if (now <= _nextCheck)
            {
                return false;
            }

            _nextCheck = now + ToTimestamp(_timings.CheckPeriod);
            if (_state == BreakerState.Open || !_expression.Trips(Metrics))
            {
                return false;
            }

            _state = BreakerState.Open;
            _until = now + ToTimestamp(_timings.FallbackDuration);
            _ramp = null;
            Metrics.Reset();
            return true;
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
