namespace Proxy.Actors.Model;

/// <summary>
/// Per-server counters written by the request path with interlocked operations. One instance
/// lives as long as the server's backend actor, so counts survive snapshot swaps.
/// </summary>
public sealed class ServerCounters
{
    private long _inFlight;
    private long _requests;
    private long _failures;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public void Started()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Failed() => Interlocked.Increment(ref _failures);
}
