namespace Proxy.Actors;

/// <summary>What a <see cref="ClockTimers"/> timer tells its actor when its delay is over; the actor asks <see cref="ClockTimers.Accept"/> whether it still counts.</summary>
public sealed record ClockTimerFired(string Key, long Generation, object Message);
