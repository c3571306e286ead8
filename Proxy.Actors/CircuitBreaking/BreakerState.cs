namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// Where a circuit breaker stands. Traefik calls <see cref="Closed"/> "standby" and <see cref="Open"/> "tripped".
/// </summary>
public enum BreakerState
{
    /// <summary>Every request goes through; the expression is checked as responses come back.</summary>
    Closed,

    /// <summary>Every request gets the fallback response until the fallback duration is over.</summary>
    Open,

    /// <summary>A share of requests that grows over the recovery duration goes through; the rest get the fallback.</summary>
    Recovering,
}
