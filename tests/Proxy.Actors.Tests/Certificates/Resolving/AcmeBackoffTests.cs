using Proxy.Actors.Certificates.Resolving;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Resolving;

public sealed class AcmeBackoffTests
{
    private static readonly AcmeBackoff Backoff = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(500, 10)]
    public void After_Failures_DoublesUpToTheCap(int failures, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Backoff.After(failures, null));
    }

    [Fact]
    public void After_RetryAfterLongerThanTheBackoff_WaitsTheRetryAfter()
    {
        Assert.Equal(TimeSpan.FromHours(3), Backoff.After(1, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void After_RetryAfterShorterThanTheBackoff_WaitsTheBackoff()
    {
        Assert.Equal(TimeSpan.FromMinutes(4), Backoff.After(3, TimeSpan.FromSeconds(5)));
    }
}
