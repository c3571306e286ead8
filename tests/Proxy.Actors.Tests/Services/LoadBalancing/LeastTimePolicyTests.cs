using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class LeastTimePolicyTests
{
    // Traefik's score: average time to first byte x (1 + in flight) / weight, in TimeSpan ticks.
    [Theory]
    [InlineData(10, 0, 1, 100_000)]
    [InlineData(10, 1, 1, 200_000)]
    [InlineData(10, 3, 2, 200_000)]
    [InlineData(0, 9, 1, 0)]
    [InlineData(50, 0, 5, 100_000)]
    public void Score_TimeInFlightAndWeight_TraefiksFormula(int milliseconds, int inFlight, int weight, double expected) =>
        Assert.Equal(expected, LeastTimePolicy.Score(Server("a", milliseconds, inFlight, weight)));

    [Theory]
    [InlineData(new[] { 10, 50, 30 }, new[] { 0, 0, 0 }, new[] { 1, 1, 1 }, "a")]
    [InlineData(new[] { 10, 50, 30 }, new[] { 5, 0, 0 }, new[] { 1, 1, 1 }, "c")]
    [InlineData(new[] { 10, 50, 30 }, new[] { 5, 0, 0 }, new[] { 1, 1, 2 }, "c")]
    [InlineData(new[] { 10, 50, 30 }, new[] { 9, 0, 1 }, new[] { 1, 3, 1 }, "b")]
    [InlineData(new[] { 40, 20, 30 }, new[] { 0, 1, 0 }, new[] { 1, 1, 1 }, "c")]
    public void Pick_Scores_TheLowestWins(int[] milliseconds, int[] inFlight, int[] weights, string expected)
    {
        var service = Snapshots.Service(
            "svc", [.. new[] { "a", "b", "c" }.Select((u, i) => Server(u, milliseconds[i], inFlight[i], weights[i]))]);

        Assert.All(Enumerable.Range(0, 10), ticket => Assert.Equal(expected, LeastTimePolicy.Pick(service, ticket)?.Url));
    }

    [Fact]
    public void Pick_AllTie_SharedByWeights()
    {
        // Before any response every score is 0: the weights share the requests, as wrr would.
        var service = Snapshots.Service("svc", Server("a", 0, 0, 3), Server("b", 0, 0, 1), Server("c", 0, 0, 1));

        var picks = Enumerable.Range(0, 50).Select(t => LeastTimePolicy.Pick(service, t)!.Url).ToList();

        Assert.Equal((30, 10, 10), (picks.Count(p => p == "a"), picks.Count(p => p == "b"), picks.Count(p => p == "c")));
    }

    [Fact]
    public void Pick_SomeTie_SharedOnlyAmongTheTied()
    {
        var service = Snapshots.Service("svc", Server("a", 10, 0, 1), Server("b", 20, 0, 1), Server("c", 10, 0, 1));

        var picks = Enumerable.Range(0, 20).Select(t => LeastTimePolicy.Pick(service, t)!.Url).ToList();

        Assert.Equal((10, 0, 10), (picks.Count(p => p == "a"), picks.Count(p => p == "b"), picks.Count(p => p == "c")));
    }

    [Fact]
    public void Pick_FastestUnavailableTriedOrWeightZero_NextFastest()
    {
        var service = Snapshots.Service(
            "svc",
            Server("down", 1, 0, 1, ServerHealth.Down),
            Server("tried", 2, 0, 1),
            Server("zero", 3, 0, 0),
            Server("slow", 40, 0, 1),
            Server("slower", 80, 0, 1));

        Assert.Equal("slow", LeastTimePolicy.Pick(service, 0, ["tried"])?.Url);
        Assert.Null(LeastTimePolicy.Pick(service, 0, ["tried", "slow", "slower"]));
    }

    [Fact]
    public void Pick_OneSlowSample_ServerStillProbedNowAndThen()
    {
        // The slow server's average is one cold sample; the fast one answers every request quickly. Without probes
        // the slow server never takes another request, so its average never learns that it recovered.
        var service = Snapshots.Service("svc", Server("slow", 1000, 0, 1), Server("fast", 10, 0, 1));

        var picks = Enumerable.Range(1, 1000).Select(t => LeastTimePolicy.Pick(service, t)!.Url).ToList();

        var probes = picks.Count(p => p == "slow");
        Assert.InRange(probes, 1000 / ((LeastTimePolicy.ProbeSpacing * 2) + 2), 1000 / LeastTimePolicy.ProbeSpacing);
        Assert.Equal("slow", picks[LeastTimePolicy.ProbeSpacing * 2]);
    }

    [Fact]
    public void Pick_EveryServerChosen_NoProbes()
    {
        // Tied servers share the requests by turns: none is ever overdue, so the weights alone decide.
        var service = Snapshots.Service("svc", Server("a", 10, 0, 1), Server("b", 10, 0, 1));

        var picks = Enumerable.Range(1, 200).Select(t => LeastTimePolicy.Pick(service, t)!.Url).ToList();

        Assert.Equal(100, picks.Count(p => p == "a"));
    }

    [Fact]
    public void Responded_Samples_FirstSetsTheAverageThenEachMovesItATenth()
    {
        var counters = new ServerCounters();
        Assert.Equal(TimeSpan.Zero, counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(100), counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(110), counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(100), counters.ResponseTime);
    }

    private static ServerSnapshot Server(string url, int milliseconds, int inFlight, int weight, ServerHealth health = ServerHealth.Up)
    {
        var server = Snapshots.Server(url, ActorRefs.Nobody, health, weight);
        if (milliseconds > 0)
        {
            server.Counters.Responded(TimeSpan.FromMilliseconds(milliseconds));
        }

        for (var i = 0; i < inFlight; i++)
        {
            server.Counters.Started();
        }

        return server;
    }
}
