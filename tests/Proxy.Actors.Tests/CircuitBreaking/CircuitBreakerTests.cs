using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.CircuitBreaking;
using Xunit;

namespace Proxy.Actors.Tests.CircuitBreaking;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();

    private CircuitBreaker Breaker(string expression = "NetworkErrorRatio() > 0.5") =>
        new(BreakerExpressionParser.ParseChecked(expression), new BreakerTimings(Check, Fallback, Recovery), _time);

    [Fact]
    public void Record_ConditionHoldsAfterCheckPeriod_Trips()
    {
        var breaker = Breaker();
        _time.Advance(Check);

        Assert.True(breaker.Record(502, TimeSpan.FromMilliseconds(1), networkError: true));
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.False(breaker.Admit(out _));
    }

    [Fact]
    public void Record_WithinCheckPeriod_DoesNotEvaluate()
    {
        var breaker = Breaker();
        _time.Advance(Check);
        Assert.False(breaker.Record(200, TimeSpan.Zero, networkError: false));

        // The next check is a full period away: failures meanwhile change nothing yet.
        Assert.False(breaker.Record(502, TimeSpan.Zero, networkError: true));
        Assert.False(breaker.Record(502, TimeSpan.Zero, networkError: true));
        Assert.Equal(BreakerState.Closed, breaker.State);

        _time.Advance(Check + TimeSpan.FromTicks(1));
        Assert.True(breaker.Record(502, TimeSpan.Zero, networkError: true));
    }

    [Fact]
    public void Record_ConditionFalse_StaysClosed()
    {
        var breaker = Breaker();
        _time.Advance(Check);

        Assert.False(breaker.Record(200, TimeSpan.Zero, networkError: false));
        Assert.True(breaker.Admit(out var entered));
        Assert.Null(entered);
    }

    [Fact]
    public void Admit_OpenUntilFallbackDurationEnds_ThenRecovering()
    {
        var breaker = Trip(Breaker());

        _time.Advance(Fallback - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.Admit(out var stillOpen));
        Assert.Null(stillOpen);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        breaker.Admit(out var entered);
        Assert.Equal(BreakerState.Recovering, entered);
        Assert.Equal(BreakerState.Recovering, breaker.State);
    }

    [Fact]
    public void Admit_Recovering_LetsAGrowingShareThrough()
    {
        var breaker = Trip(Breaker());
        _time.Advance(Fallback);

        var allowedPerSecond = new List<int>();
        for (var second = 0; second < 10; second++)
        {
            var allowed = 0;
            for (var i = 0; i < 100; i++)
            {
                allowed += breaker.Admit(out _) ? 1 : 0;
                _time.Advance(TimeSpan.FromMilliseconds(10));
            }

            allowedPerSecond.Add(allowed);
        }

        // The cumulative share aims at 0.5 × elapsed / recovery: a trickle at first, about all by the end.
        Assert.InRange(allowedPerSecond[0], 0, 5);
        Assert.True(allowedPerSecond.Zip(allowedPerSecond.Skip(1)).All(p => p.Second >= p.First), string.Join(",", allowedPerSecond));
        Assert.InRange(allowedPerSecond.Sum(), 400, 500);
        Assert.InRange(allowedPerSecond[9], 80, 100);
    }

    [Fact]
    public void Admit_AfterRecoveryDuration_Closes()
    {
        var breaker = Trip(Breaker());
        _time.Advance(Fallback);
        breaker.Admit(out _);

        _time.Advance(Recovery + TimeSpan.FromMilliseconds(1));

        Assert.True(breaker.Admit(out var entered));
        Assert.Equal(BreakerState.Closed, entered);
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void Record_ConditionHoldsWhileRecovering_OpensAgain()
    {
        var breaker = Trip(Breaker());
        _time.Advance(Fallback);
        breaker.Admit(out _);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(breaker.Record(502, TimeSpan.Zero, networkError: true));
        Assert.Equal(BreakerState.Open, breaker.State);
        _time.Advance(Fallback - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.Admit(out _));
    }

    [Fact]
    public void Record_Tripping_ResetsMetrics()
    {
        var breaker = Trip(Breaker());

        Assert.Equal(0, breaker.Metrics.NetworkErrorRatio());
    }

    [Fact]
    public void Record_Open_DoesNotTripAgain()
    {
        var breaker = Trip(Breaker());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(breaker.Record(502, TimeSpan.Zero, networkError: true));
    }

    [Fact]
    public void Record_LatencyCondition_TripsOnSlowResponses()
    {
        var breaker = Breaker("LatencyAtQuantileMS(50.0) > 100");
        _time.Advance(Check);
        Assert.False(breaker.Record(200, TimeSpan.FromMilliseconds(90), networkError: false));
        _time.Advance(Check + TimeSpan.FromTicks(1));
        breaker.Record(200, TimeSpan.FromMilliseconds(300), networkError: false);
        _time.Advance(Check + TimeSpan.FromTicks(1));

        Assert.True(breaker.Record(200, TimeSpan.FromMilliseconds(300), networkError: false));
    }

    private CircuitBreaker Trip(CircuitBreaker breaker)
    {
        _time.Advance(Check);
        Assert.True(breaker.Record(502, TimeSpan.Zero, networkError: true));
        return breaker;
    }
}
