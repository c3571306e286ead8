using Proxy.Node.Middlewares.Limits;
using Xunit;

namespace Proxy.Node.Tests.Middlewares;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(5_000, "500µs")]
    [InlineData(15_000, "1.5ms")]
    [InlineData(3_333_333, "333.3333ms")]
    [InlineData(10_000_000, "1s")]
    [InlineData(199_876_543, "19.9876543s")]
    [InlineData(600_000_000, "1m0s")]
    [InlineData(37_815_000_000, "1h3m1.5s")]
    public void Format_AsGoWritesIt(long ticks, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));
    }
}
