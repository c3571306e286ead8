using Proxy.Node.ProxyProtocol;

namespace Proxy.Node.Tests.ProxyProtocol;

public sealed class ProxyProtocolLogLimiterTests
{
    /// <summary>A clock the test moves; its timestamps count ticks of a TimeSpan.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public long Now { get; set; } = TimeSpan.FromHours(1).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now;
    }

    [Fact]
    public void ShouldLog_FloodOfRefusals_OneLinePerIntervalWithTheCountLeftOut()
    {
        var time = new ManualTime();
        var limiter = new ProxyProtocolLogLimiter(time);

        Assert.True(limiter.ShouldLog(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 500; i++)
        {
            Assert.False(limiter.ShouldLog(out _));
        }

        time.Now += ProxyProtocolLogLimiter.Interval.Ticks - 1;
        Assert.False(limiter.ShouldLog(out _));
        time.Now += 1;
        Assert.True(limiter.ShouldLog(out var suppressed));
        Assert.Equal(501, suppressed);
    }
}
