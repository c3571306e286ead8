using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.CircuitBreaking;
using Xunit;

namespace Proxy.Actors.Tests.CircuitBreaking;

public sealed class BreakerMetricsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NetworkErrorRatio_ErrorsAndGatewayStatuses_CountOverAll()
    {
        var metrics = new BreakerMetrics(_time);
        metrics.Record(200, TimeSpan.FromMilliseconds(1), networkError: false);
        metrics.Record(502, TimeSpan.FromMilliseconds(1), networkError: false);
        metrics.Record(504, TimeSpan.FromMilliseconds(1), networkError: false);
        metrics.Record(500, TimeSpan.FromMilliseconds(1), networkError: true);

        Assert.Equal(0.75, metrics.NetworkErrorRatio());
    }

    [Fact]
    public void NetworkErrorRatio_NoRequests_IsZero() =>
        Assert.Equal(0, new BreakerMetrics(_time).NetworkErrorRatio());

    [Fact]
    public void ResponseCodeRatio_Ranges_StartInclusiveEndExclusive()
    {
        var metrics = new BreakerMetrics(_time);
        foreach (var status in new[] { 200, 404, 500, 503, 599, 600 })
        {
            metrics.Record(status, TimeSpan.Zero, networkError: false);
        }

        Assert.Equal(3.0 / 5, metrics.ResponseCodeRatio(500, 600, 0, 600));
        Assert.Equal(0.5, metrics.ResponseCodeRatio(500, 501, 500, 504));
        Assert.Equal(0, metrics.ResponseCodeRatio(500, 600, 700, 800));
    }

    [Fact]
    public void Counts_OlderThanTenSeconds_LeaveTheWindow()
    {
        var metrics = new BreakerMetrics(_time);
        metrics.Record(500, TimeSpan.Zero, networkError: true);
        _time.Advance(TimeSpan.FromSeconds(5));
        metrics.Record(200, TimeSpan.Zero, networkError: false);
        Assert.Equal(0.5, metrics.NetworkErrorRatio());

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, metrics.NetworkErrorRatio());
        Assert.Equal(0, metrics.ResponseCodeRatio(500, 600, 0, 600));
        Assert.Equal(1, metrics.ResponseCodeRatio(200, 300, 0, 600));
    }

    [Fact]
    public void LatencyAtQuantileMs_Distribution_ReportsQuantileWithinPrecision()
    {
        var metrics = new BreakerMetrics(_time);
        for (var ms = 1; ms <= 100; ms++)
        {
            metrics.Record(200, TimeSpan.FromMilliseconds(ms), networkError: false);
        }

        Assert.InRange(metrics.LatencyAtQuantileMs(50), 50, 51);
        Assert.InRange(metrics.LatencyAtQuantileMs(99), 99, 100);
        Assert.InRange(metrics.LatencyAtQuantileMs(100), 100, 101);
        Assert.Equal(1, metrics.LatencyAtQuantileMs(0.1));
    }

    [Fact]
    public void LatencyAtQuantileMs_OlderThanAMinute_LeavesTheWindow()
    {
        var metrics = new BreakerMetrics(_time);
        metrics.Record(200, TimeSpan.FromSeconds(2), networkError: false);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.InRange(metrics.LatencyAtQuantileMs(50), 2000, 2032);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, metrics.LatencyAtQuantileMs(50));
    }

    [Fact]
    public void Reset_AfterTraffic_ForgetsEverything()
    {
        var metrics = new BreakerMetrics(_time);
        metrics.Record(502, TimeSpan.FromSeconds(1), networkError: true);

        metrics.Reset();

        Assert.Equal(0, metrics.NetworkErrorRatio());
        Assert.Equal(0, metrics.ResponseCodeRatio(0, 600, 0, 600));
        Assert.Equal(0, metrics.LatencyAtQuantileMs(50));
    }

    [Fact]
    public async Task Record_ManyThreads_LosesNoCount()
    {
        var metrics = new BreakerMetrics(_time);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                metrics.Record(t % 2 == 0 ? 500 : 200, TimeSpan.FromMilliseconds(i % 50), networkError: false);
            }
        })));

        Assert.Equal(0.5, metrics.ResponseCodeRatio(500, 600, 0, 600));
    }
}
