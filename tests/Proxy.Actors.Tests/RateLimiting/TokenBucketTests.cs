using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Take_FullBucket_AdmitsBurstThenRefuses()
    {
        var spec = RateSpec.Of(average: 10, TimeSpan.FromSeconds(1), burst: 3);
        var bucket = new TokenBucket(spec, _time.GetTimestamp(), _time);

        var decisions = Enumerable.Range(0, 4).Select(_ => bucket.Take(_time.GetTimestamp(), TimeSpan.Zero)).ToList();

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Admitted));
        Assert.Equal(TimeSpan.FromMilliseconds(100), decisions[3].RetryIn);
    }

    [Fact]
    public void Take_AfterAPeriod_RefilledAtTheAverage()
    {
        var bucket = new TokenBucket(RateSpec.Of(100, TimeSpan.FromMinutes(1), burst: 100), _time.GetTimestamp(), _time);
        while (bucket.Take(_time.GetTimestamp(), TimeSpan.Zero).Admitted)
        {
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        var admitted = 0;
        while (bucket.Take(_time.GetTimestamp(), TimeSpan.Zero).Admitted)
        {
            admitted++;
        }

        Assert.Equal(50, admitted);
    }

    [Fact]
    public void Take_TokenWithinMaxDelay_AdmittedAfterTheDelay()
    {
        var spec = RateSpec.Of(10, TimeSpan.FromSeconds(1), 1);
        var bucket = new TokenBucket(spec, _time.GetTimestamp(), _time);
        bucket.Take(_time.GetTimestamp(), spec.MaxDelay);
        _time.Advance(TimeSpan.FromMilliseconds(60));

        var decision = bucket.Take(_time.GetTimestamp(), spec.MaxDelay);

        Assert.Equal(LimitDecision.After(TimeSpan.FromMilliseconds(40)), decision);
    }

    [Fact]
    public void TakeUpTo_FewerTokensThanWanted_GrantsWhatIsThere()
    {
        var bucket = new TokenBucket(new RateSpec(100, 5), _time.GetTimestamp(), _time);

        var first = bucket.TakeUpTo(_time.GetTimestamp(), 8, out _);
        var second = bucket.TakeUpTo(_time.GetTimestamp(), 8, out var retryIn);

        Assert.Equal((5, 0), (first, second));
        Assert.Equal(TimeSpan.FromMilliseconds(10), retryIn);
    }

    [Theory]
    [InlineData(100, 1, 5)]
    [InlineData(3, 1, 166.667)]
    [InlineData(1, 1, 500)]
    [InlineData(1, 2, 500)]
    public void MaxDelay_AsTraefikComputesIt(long average, int periodSeconds, double expectedMs)
    {
        var spec = RateSpec.Of(average, TimeSpan.FromSeconds(periodSeconds), 1);

        Assert.Equal(expectedMs, spec.MaxDelay.TotalMilliseconds, 3);
    }

    [Fact]
    public void Of_BurstZero_IsOne()
    {
        Assert.Equal(1, RateSpec.Of(5, TimeSpan.FromSeconds(1), 0).Burst);
    }
}
