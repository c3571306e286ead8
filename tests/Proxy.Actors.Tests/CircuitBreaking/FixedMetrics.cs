using Proxy.Actors.CircuitBreaking;

namespace Proxy.Actors.Tests.CircuitBreaking;

/// <summary>Metrics with set values, to evaluate expressions against (a value type, not a mock of behaviour).</summary>
internal sealed record FixedMetrics(double NetworkErrors = 0, double CodeRatio = 0, double LatencyMs = 0) : IBreakerMetrics
{
    public double NetworkErrorRatio() => NetworkErrors;

    public double ResponseCodeRatio(int from, int to, int divFrom, int divTo) => CodeRatio;

    public double LatencyAtQuantileMs(double quantile) => LatencyMs;
}
