namespace Proxy.Actors.CircuitBreaking;

/// <summary>What a circuit-breaker expression's functions read: the recent traffic of one breaker.</summary>
public interface IBreakerMetrics
{
    /// <summary>Network errors over all requests in the window; 0 when there were none.</summary>
    double NetworkErrorRatio();

    /// <summary>Responses with a status in [from, to) over those in [divFrom, divTo); 0 when the divisor counts none.</summary>
    double ResponseCodeRatio(int from, int to, int divFrom, int divTo);

    /// <summary>The latency, in whole milliseconds, that <paramref name="quantile"/> percent of requests stayed under.</summary>
    double LatencyAtQuantileMs(double quantile);
}
