namespace Proxy.Actors.Routing;

/// <summary>
/// A router's request counts by outcome, written by the request path with one interlocked increment
/// per request. One instance lives as long as the router's definition: a reload that leaves the
/// router unchanged keeps counting into it; a changed router starts from zero with its new chain.
/// </summary>
public sealed class RouterCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<RouterOutcome>().Length];

    public long Requests => Served + Unavailable + Failed + ClientFailed;

    public long Served => Read(RouterOutcome.Served);

    public long Unavailable => Read(RouterOutcome.Unavailable);

    public long Failed => Read(RouterOutcome.Failed);

    public long ClientFailed => Read(RouterOutcome.ClientFailed);

    public void Count(RouterOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);

    private long Read(RouterOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);
}
