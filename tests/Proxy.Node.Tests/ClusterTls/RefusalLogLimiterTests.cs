using Proxy.Node.ClusterTls;

namespace Proxy.Node.Tests.ClusterTls;

public sealed class RefusalLogLimiterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ShouldLog_SameHostFromNewPortsWithinTheInterval_OnceThenCountsTheRest()
    {
        var time = new ManualTime();
        var limiter = new RefusalLogLimiter(time, TimeSpan.FromSeconds(30));

        Assert.True(limiter.ShouldLog("[::ffff:10.0.0.9]:40001", out _));
        Assert.False(limiter.ShouldLog("[::ffff:10.0.0.9]:40002", out _));
        Assert.False(limiter.ShouldLog("[::ffff:10.0.0.9]:40003", out _));
        Assert.True(limiter.ShouldLog("[::ffff:10.0.0.8]:40004", out _));
        time.Now += TimeSpan.FromSeconds(31);

        Assert.True(limiter.ShouldLog("[::ffff:10.0.0.9]:40005", out var suppressed));
        Assert.Equal(2, suppressed);
    }
}
