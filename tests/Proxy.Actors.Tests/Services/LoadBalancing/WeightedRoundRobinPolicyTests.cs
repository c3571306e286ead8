using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class WeightedRoundRobinPolicyTests
{
    [Theory]
    [InlineData(new[] { 5, 1, 1 }, new[] { 0, 0, 1, 0, 2, 0, 0 })]
    [InlineData(new[] { 1, 1, 1 }, new[] { 0, 1, 2 })]
    [InlineData(new[] { 2, 1 }, new[] { 0, 1, 0 })]
    [InlineData(new[] { 10, 20 }, new[] { 1, 0, 1 })]
    [InlineData(new[] { 4, 0, 2 }, new[] { 0, 2, 0 })]
    [InlineData(new[] { 0, 3 }, new[] { 1 })]
    [InlineData(new[] { 7 }, new[] { 0 })]
    [InlineData(new[] { 0, 0 }, new int[0])]
    [InlineData(new int[0], new int[0])]
    [InlineData(new[] { -3, 2 }, new[] { 1 })]
    public void Schedule_Weights_SmoothOrderOfReducedWeights(int[] weights, int[] expected) =>
        Assert.Equal(expected, WeightedRoundRobinPolicy.Schedule(weights));

    [Theory]
    [InlineData(new[] { 5, 1, 1 }, new[] { 5, 1, 1 })]
    [InlineData(new[] { 3, 6, 9 }, new[] { 1, 2, 3 })]
    [InlineData(new[] { 100, 50, 0, 25 }, new[] { 4, 2, 0, 1 })]
    [InlineData(new[] { 17, 13, 1 }, new[] { 17, 13, 1 })]
    [InlineData(new[] { 4096, 0 }, new[] { 1, 0 })]
    public void Schedule_OneRound_CountsEqualReducedWeights(int[] weights, int[] counts)
    {
        var schedule = WeightedRoundRobinPolicy.Schedule(weights);

        Assert.Equal(counts, Enumerable.Range(0, weights.Length).Select(i => schedule.Count(s => s == i)));
    }

    [Fact]
    public void Schedule_NoServerTwiceInARowUnlessItMustBe()
    {
        // Smooth: 3,3,1 never sends two consecutive requests to the same server.
        var schedule = WeightedRoundRobinPolicy.Schedule([3, 3, 1]);

        Assert.All(schedule.Zip(schedule.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task Schedule_HundredThousandWeights_BuiltInBoundedTimeEachOnceAtLeastAndSpread()
    {
        // 100,000 servers or children of a weighted service: a pass over every weight for each place in the round was
        // 10^10 steps, on every publish of the configuration actor.
        var weights = Enumerable.Range(0, 100_000).Select(i => i == 0 ? 50_000 : 1).ToArray();

        var schedule = await Task.Run(() => WeightedRoundRobinPolicy.Schedule(weights)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(weights.Length, schedule.Distinct().Count());
        // The heavy one spread over the round, not in one run: it is in every tenth of it.
        var tenth = schedule.Length / 10;
        Assert.All(Enumerable.Range(0, 10), part => Assert.Contains(0, schedule.Skip(part * tenth).Take(tenth)));
    }

    [Theory]
    [InlineData(new[] { 10_000, 1 })]
    [InlineData(new[] { 1_000_000, 3, 1, 500_000 })]
    [InlineData(new[] { int.MaxValue, 1 })]
    public void Schedule_AboveMaxLength_ScalesButKeepsEveryPositiveWeight(int[] weights)
    {
        var schedule = WeightedRoundRobinPolicy.Schedule(weights);

        Assert.InRange(schedule.Length, 1, WeightedRoundRobinPolicy.MaxLength + weights.Length);
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.Contains(i, schedule);
        }

        // Proportions survive scaling: the heaviest server still gets the most.
        var heaviest = Array.IndexOf(weights, weights.Max());
        Assert.Equal(heaviest, schedule.GroupBy(s => s).MaxBy(g => g.Count())!.Key);
    }

    [Theory]
    [InlineData(0L, "a")]
    [InlineData(1L, "b")]
    [InlineData(2L, "c")]
    [InlineData(3L, "a")]
    [InlineData(5L, "c")]
    [InlineData(3_000_000_002L, "c")]
    public void Pick_AllUp_TakesTheTicketsPlaceInTheSchedule(long ticket, string expected)
    {
        var service = Snapshots.Service("svc", Server("a"), Server("b"), Server("c"));

        Assert.Equal(expected, WeightedRoundRobinPolicy.Pick(service, ticket)?.Url);
    }

    [Theory]
    [InlineData(ServerHealth.Down)]
    [InlineData(ServerHealth.Draining)]
    public void Pick_ScheduledServerUnavailable_WalksToTheNextThatIs(ServerHealth health)
    {
        var service = Snapshots.Service("svc", Server("a"), Server("b", health), Server("c"));

        Assert.Equal("c", WeightedRoundRobinPolicy.Pick(service, 1)?.Url);
        Assert.Equal("c", WeightedRoundRobinPolicy.Pick(service, 1 + 3 * 7)?.Url);
    }

    [Fact]
    public void Pick_LastInScheduleUnavailable_WrapsAround()
    {
        var service = Snapshots.Service("svc", Server("a"), Server("b"), Server("c", ServerHealth.Down));

        Assert.Equal("a", WeightedRoundRobinPolicy.Pick(service, 2)?.Url);
    }

    [Fact]
    public void Pick_Excluded_SkipsServersAlreadyTried()
    {
        var service = Snapshots.Service("svc", Server("a"), Server("b"), Server("c"));

        Assert.Equal("c", WeightedRoundRobinPolicy.Pick(service, 0, ["a", "b"])?.Url);
    }

    [Theory]
    [InlineData(ServerHealth.Down, ServerHealth.Draining, null)]
    [InlineData(ServerHealth.Up, ServerHealth.Down, new[] { "a" })]
    [InlineData(ServerHealth.Up, ServerHealth.Up, new[] { "a", "b" })]
    public void Pick_NoneQualifies_ReturnsNull(ServerHealth a, ServerHealth b, string[]? exclude)
    {
        var service = Snapshots.Service("svc", Server("a", a), Server("b", b));

        for (var ticket = 0L; ticket < 4; ticket++)
        {
            Assert.Null(WeightedRoundRobinPolicy.Pick(service, ticket, exclude));
        }
    }

    [Fact]
    public void Pick_WeightZero_NeverPicked()
    {
        var service = Snapshots.Service("svc", Server("a", weight: 0), Server("b", weight: 2));

        Assert.All(Enumerable.Range(0, 10), t => Assert.Equal("b", WeightedRoundRobinPolicy.Pick(service, t)?.Url));
        Assert.Null(WeightedRoundRobinPolicy.Pick(service, 0, ["b"]));
    }

    [Fact]
    public void Pick_ConsecutiveTickets_FollowWeights()
    {
        var service = Snapshots.Service("svc", Server("a", weight: 5), Server("b"), Server("c"));

        var picks = Enumerable.Range(0, 70).Select(t => WeightedRoundRobinPolicy.Pick(service, t)!.Url).ToList();

        Assert.Equal(50, picks.Count(p => p == "a"));
        Assert.Equal(10, picks.Count(p => p == "b"));
        Assert.Equal(10, picks.Count(p => p == "c"));
    }

    private static ServerSnapshot Server(string url, ServerHealth health = ServerHealth.Up, int weight = 1) =>
        Snapshots.Server(url, ActorRefs.Nobody, health, weight);
}
