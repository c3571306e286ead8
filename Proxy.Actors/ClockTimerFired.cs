namespace Proxy.Actors;

/// <summary>
/// What a <see cref="ClockTimers"/> timer tells its actor when its delay is over; the actor asks
/// <see cref="ClockTimers.Accept"/> whether it still counts. <paramref name="Instance"/> names the
/// <see cref="ClockTimers"/> that started it: generations count from 1 in each instance, and a
/// message queued by a restarted actor's previous instance must not pass for the new one's.
/// </summary>
public sealed record ClockTimerFired(Guid Instance, string Key, long Generation, object Message);
