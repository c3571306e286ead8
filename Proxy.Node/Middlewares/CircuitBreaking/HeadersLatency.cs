namespace Proxy.Node.Middlewares.CircuitBreaking;

/// <summary>
/// The time from a request's start to its response's headers (marked by the response's OnStarting);
/// the whole time when no headers went (the server did not answer).
/// </summary>
internal sealed class HeadersLatency(TimeProvider time)
{
    private readonly TimeProvider _time = time;
    private readonly long _started = time.GetTimestamp();
    private TimeSpan? _headers;

    /// <summary>The callback for OnStarting, static so that registering it allocates no delegate per request.</summary>
    public static Func<object, Task> Mark { get; } = static state =>
    {
        var latency = (HeadersLatency)state;
        latency._headers ??= latency._time.GetElapsedTime(latency._started);
        return Task.CompletedTask;
    };

    public TimeSpan Elapsed => _headers ?? _time.GetElapsedTime(_started);
}
