namespace Proxy.Actors.Tests.Support;

/// <summary>
/// The system clock plus an offset a test moves forward. Timers run on real time (an HTTP poll's
/// delay still passes), and moving the clock brings each one's due time closer by as much, firing
/// those that are then due: a renewal months away happens when the test moves the clock past it.
/// </summary>
public sealed class MovableTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<MovableTimer> _timers = [];
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    private TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        List<MovableTimer> timers;
        lock (_gate)
        {
            _offset += by;
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new MovableTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Forget(MovableTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class MovableTimer : ITimer
    {
        private readonly MovableTimeProvider _clock;
        private readonly ITimer _inner;
        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public MovableTimer(MovableTimeProvider clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _inner = System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (this)
            {
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _period = period;
                return _inner.Change(dueTime, period);
            }
        }

        public void Rearm()
        {
            lock (this)
            {
                if (_dueAt is { } due)
                {
                    var left = due - _clock.GetUtcNow();
                    _inner.Change(left < TimeSpan.Zero ? TimeSpan.Zero : left, _period);
                }
            }
        }

        public void Dispose()
        {
            _clock.Forget(this);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
