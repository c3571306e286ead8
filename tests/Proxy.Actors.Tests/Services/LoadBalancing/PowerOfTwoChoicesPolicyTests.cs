using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class PowerOfTwoChoicesPolicyTests
{
    // A draw's low half picks the first of the candidates, its high half the second among the others.
    [Theory]
    [InlineData(new[] { 0, 0, 0 }, 0UL | (0UL << 32), "a")]
    [InlineData(new[] { 3, 1, 0 }, 0UL | (0UL << 32), "b")]
    [InlineData(new[] { 3, 1, 0 }, 0UL | (1UL << 32), "c")]
    [InlineData(new[] { 3, 1, 0 }, 1UL | (0UL << 32), "b")]
    [InlineData(new[] { 3, 1, 0 }, 1UL | (1UL << 32), "c")]
    [InlineData(new[] { 0, 5, 5 }, 2UL | (1UL << 32), "c")]
    [InlineData(new[] { 2, 2, 2 }, 2UL | (0UL << 32), "c")]
    public void Pick_TwoDrawn_TheOneWithFewerInFlightWins(int[] inFlight, ulong draw, string expected)
    {
        var service = Snapshots.Service("svc", Busy("a", inFlight[0]), Busy("b", inFlight[1]), Busy("c", inFlight[2]));

        Assert.Equal(expected, PowerOfTwoChoicesPolicy.Pick(service, draw)?.Url);
    }

    [Fact]
    public void Pick_TwoServersOneBusy_AlwaysTheIdleOne()
    {
        // Both are always drawn, never the same one twice: the busy server never wins.
        var service = Snapshots.Service("svc", Busy("a", 4), Busy("b", 0));

        Assert.All(Draws(1000), draw => Assert.Equal("b", PowerOfTwoChoicesPolicy.Pick(service, draw)?.Url));
    }

    [Fact]
    public void Pick_ManyDraws_OnlyTheBusiestIsNeverPicked()
    {
        var service = Snapshots.Service("svc", Busy("a", 1), Busy("b", 9), Busy("c", 2), Busy("d", 0));

        var picks = Draws(4000).Select(d => PowerOfTwoChoicesPolicy.Pick(service, d)!.Url).ToLookup(u => u);

        Assert.Empty(picks["b"]);
        Assert.True(picks["d"].Count() > picks["a"].Count(), "the idle server wins most");
        Assert.True(picks["a"].Count() > picks["c"].Count());
        Assert.NotEmpty(picks["c"]);
    }

    [Fact]
    public void Pick_UnavailableExcludedOrWeightZero_NeverPicked()
    {
        var service = Snapshots.Service(
            "svc",
            Busy("down", 0, ServerHealth.Down),
            Busy("draining", 0, ServerHealth.Draining),
            Busy("tried", 0),
            Busy("zero", 0, weight: 0),
            Busy("busy", 7));

        Assert.All(Draws(200), draw => Assert.Equal("busy", PowerOfTwoChoicesPolicy.Pick(service, draw, ["tried"])?.Url));
    }

    [Fact]
    public void Pick_OnlyLastResortsLeft_PicksOneOfThem()
    {
        var service = Snapshots.Service("svc", Busy("a", 0, ServerHealth.Down) with { IsLastResort = true }, Busy("b", 0, ServerHealth.Down));

        Assert.All(Draws(50), draw => Assert.Equal("a", PowerOfTwoChoicesPolicy.Pick(service, draw)?.Url));
    }

    [Theory]
    [InlineData(ServerHealth.Down, ServerHealth.Draining, null)]
    [InlineData(ServerHealth.Up, ServerHealth.Down, new[] { "a" })]
    [InlineData(ServerHealth.Up, ServerHealth.Up, new[] { "a", "b" })]
    public void Pick_NoneQualifies_ReturnsNull(ServerHealth a, ServerHealth b, string[]? exclude)
    {
        var service = Snapshots.Service("svc", Busy("a", 0, a), Busy("b", 0, b));

        Assert.All(Draws(20), draw => Assert.Null(PowerOfTwoChoicesPolicy.Pick(service, draw, exclude)));
    }

    private static IEnumerable<ulong> Draws(int count) => Enumerable.Range(0, count).Select(i => StableHash.Mix((ulong)i + 1));

    private static ServerSnapshot Busy(string url, int inFlight, ServerHealth health = ServerHealth.Up, int weight = 1)
    {
        var server = Snapshots.Server(url, ActorRefs.Nobody, health, weight);
        for (var i = 0; i < inFlight; i++)
        {
            server.Counters.Started();
        }

        return server;
    }
}
