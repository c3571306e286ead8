namespace Proxy.Actors.Routing;

/// <summary>
/// A router's request counts by outcome, written by the request path with one interlocked increment
/// per request. One instance lives as long as the router's definition: a reload that leaves the
/// router unchanged keeps counting into it; a changed router starts from zero with its new chain.
/// </summary>
/// <remarks>
/// The counts share one array, not one cache line each: on the success path every request writes the
/// same count (served), so padding the four apart would not spare that line; only striping per core
/// would, at the core count times the memory of every router. Worth it only if a many-core bench
/// shows this line contended.
/// </remarks>
public sealed class RouterCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<RouterOutcome>().Length];

    public long Served => Read(RouterOutcome.Served);

    public long Unavailable => Read(RouterOutcome.Unavailable);

    public long Failed => Read(RouterOutcome.Failed);

    public long ClientFailed => Read(RouterOutcome.ClientFailed);

    public void Count(RouterOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);

    /// <summary>
    /// Each count read once, with the total their sum: not one atomic moment across the four (requests
    /// go on meanwhile), but a total that always adds up to the counts shown beside it.
    /// </summary>
    public RouterCounts Read() => new(Served, Unavailable, Failed, ClientFailed);

    private long Read(RouterOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);
}
