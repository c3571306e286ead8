using Akka.Actor;

namespace Proxy.Actors;

/// <summary>
/// Single-shot timers on a <see cref="TimeProvider"/> that tell their actor a
/// <see cref="ClockTimerFired"/>, for the delays whose length is a decision (a removed node's
/// grace, an ejection's end): production passes <see cref="TimeProvider.System"/>, and a test
/// passes a fake clock and advances it instead of waiting. Akka's own timers run on the
/// scheduler's wall clock, which a test cannot move without moving the whole actor system's.
/// Like <see cref="ITimerScheduler"/>, starting a key again replaces its timer, and a timer
/// cancelled or replaced after it fired but before its message was handled is ignored
/// (<see cref="Accept"/>). Used only from the owning actor's thread.
/// </summary>
public sealed class ClockTimers(TimeProvider time, IActorRef owner) : IDisposable
{
    private readonly Dictionary<string, (ITimer Timer, long Generation)> _timers = new(StringComparer.Ordinal);
    private readonly Guid _instance = Guid.NewGuid();
    private long _generation;

    public void StartSingleTimer(string key, object message, TimeSpan delay)
    {
        Cancel(key);
        var fired = new ClockTimerFired(_instance, key, ++_generation, message);
        var timer = time.CreateTimer(
            static state =>
            {
                var (target, message) = ((IActorRef, ClockTimerFired))state!;
                target.Tell(message, ActorRefs.NoSender);
            },
            (owner, fired),
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            Timeout.InfiniteTimeSpan);
        _timers[key] = (timer, fired.Generation);
    }

    public bool IsTimerActive(string key) => _timers.ContainsKey(key);

    public void Cancel(string key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    /// <summary>
    /// The message of a timer that fired and is still the current one for its key; null for a stale
    /// one, a previous instance's (the actor restarted) included.
    /// </summary>
    public object? Accept(ClockTimerFired fired)
    {
        if (fired.Instance != _instance || !_timers.TryGetValue(fired.Key, out var entry) || entry.Generation != fired.Generation)
        {
            return null;
        }

        _timers.Remove(fired.Key);
        entry.Timer.Dispose();
        return fired.Message;
    }

    /// <summary>Stops every timer: called from the actor's PostStop.</summary>
    public void Dispose()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }
}
