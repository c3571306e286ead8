using Proxy.Actors.CircuitBreaking;
using Xunit;

namespace Proxy.Actors.Tests.CircuitBreaking;

public sealed class LatencyBucketsTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(63L)]
    [InlineData(64L)]
    [InlineData(1_000L)]
    [InlineData(123_456L)]
    [InlineData(2_000_000L)]
    [InlineData(LatencyBuckets.MaxMicroseconds)]
    public void HighestValueOf_ItsBucket_HoldsTheValueWithinPrecision(long microseconds)
    {
        var index = LatencyBuckets.IndexOf(microseconds);
        var highest = LatencyBuckets.HighestValueOf(index);

        Assert.InRange(index, 0, LatencyBuckets.Count - 1);
        Assert.InRange(highest, microseconds, microseconds + (microseconds / 64) + 1);
        Assert.Equal(index, LatencyBuckets.IndexOf(highest));
    }

    [Fact]
    public void IndexOf_BeyondAnHour_Clamps() =>
        Assert.Equal(LatencyBuckets.IndexOf(LatencyBuckets.MaxMicroseconds), LatencyBuckets.IndexOf(long.MaxValue));
}
