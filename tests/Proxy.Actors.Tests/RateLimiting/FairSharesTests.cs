using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

public sealed class FairSharesTests
{
    public static TheoryData<string, double[], double[]> Cases() => new()
    {
        { "equal demands above the rate", [200, 200, 200], [100 / 3.0, 100 / 3.0, 100 / 3.0] },
        { "one light node gets its demand, the others split the rest", [200, 10, 200], [45, 10, 45] },
        { "two light nodes", [5, 300, 15], [5, 80, 15] },
        { "demands below the rate: the rest split equally", [10, 20], [45, 55] },
        { "one node alone gets the whole rate", [3], [100] },
        { "a node that says nothing still has a part", [0, 500], [0, 100] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_Demands_MaxMinFairPartsThatAddUpToTheRate(string scenario, double[] demands, double[] expected)
    {
        var shares = FairShares.Of(100, demands);

        Assert.True(expected.Zip(shares).All(p => Math.Abs(p.First - p.Second) < 1e-9), $"{scenario}: {string.Join(", ", shares)}");
        Assert.Equal(100, shares.Sum(), 9);
    }

    [Fact]
    public void Of_NoDemands_NoShares() => Assert.Empty(FairShares.Of(100, []));
}
