using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class LeastTimePolicyTests
{
    // Each test's own clock (xunit makes an instance per test); where a test does not move it, its picks all happen at
    // once, so no server is ever overdue.
    private readonly FakeTimeProvider _clock = new();

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

        Assert.All(Enumerable.Range(0, 10), ticket => Assert.Equal(expected, LeastTimePolicy.Pick(service, ticket, _clock)?.Url));
    }

    [Fact]
    public void Pick_AllTie_SharedByWeights()
    {
        // Before any response every score is 0: the weights share the requests, as wrr would.
        var service = Snapshots.Service("svc", Server("a", 0, 0, 3), Server("b", 0, 0, 1), Server("c", 0, 0, 1));

        var picks = Enumerable.Range(0, 50).Select(t => LeastTimePolicy.Pick(service, t, _clock)!.Url).ToList();

        Assert.Equal((30, 10, 10), (picks.Count(p => p == "a"), picks.Count(p => p == "b"), picks.Count(p => p == "c")));
    }

    [Fact]
    public void Pick_SomeTie_SharedOnlyAmongTheTied()
    {
        var service = Snapshots.Service("svc", Server("a", 10, 0, 1), Server("b", 20, 0, 1), Server("c", 10, 0, 1));

        var picks = Enumerable.Range(0, 20).Select(t => LeastTimePolicy.Pick(service, t, _clock)!.Url).ToList();

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

        Assert.Equal("slow", LeastTimePolicy.Pick(service, 0, _clock, ["tried"])?.Url);
        Assert.Null(LeastTimePolicy.Pick(service, 0, _clock, ["tried", "slow", "slower"]));
    }

    [Fact]
    public void Pick_OneSlowSampleAtAThousandPerSecond_ProbedOncePerProbeAfter()
    {
        // The slow server's average is one cold sample; the fast one answers every request quickly. Without probes
        // the slow server never takes another request, so its average never learns that it recovered.
        var clock = new FakeTimeProvider();
        var service = Snapshots.Service("svc", Server("slow", 1000, 0, 1), Server("fast", 10, 0, 1));

        var picks = Picks(service, clock, count: 25_000, every: TimeSpan.FromMilliseconds(1));

        // 25 s of requests: the slow server is timed from the first pick and probed at 10 s and 20 s, no more.
        Assert.Equal([10_000, 20_000], Indexes(picks, "slow"));
    }

    [Fact]
    public void Pick_OneSlowSampleAtOneRequestPerMinute_ProbedOnceInRequestsPerProbe()
    {
        var clock = new FakeTimeProvider();
        var service = Snapshots.Service("svc", Server("slow", 1000, 0, 1), Server("fast", 10, 0, 1));

        var picks = Picks(service, clock, count: 9, every: TimeSpan.FromMinutes(1));

        // Every pick is over ProbeAfter from the last: the slow server is timed from the first pick, probed at the
        // next, then once in RequestsPerProbe (4) requests rather than every other one.
        Assert.Equal(["fast", "slow", "fast", "fast", "fast", "slow", "fast", "fast", "fast"], picks);
    }

    [Fact]
    public void Pick_ChosenServerOverdue_NotProbedItsAnswerMovesTheAverageATenth()
    {
        // The score chooses the only server every time: however long since the last pick, its answer is one more
        // sample, not a new average.
        var only = Server("only", 10, 0, 1);
        var service = Snapshots.Service("svc", only);
        LeastTimePolicy.Pick(service, 0, _clock);
        _clock.Advance(LeastTimePolicy.ProbeAfter * 2);

        Assert.Equal("only", LeastTimePolicy.Pick(service, 1, _clock)?.Url);
        only.Counters.Responded(TimeSpan.FromMilliseconds(20), _clock.GetTimestamp());

        Assert.Equal(TimeSpan.FromMilliseconds(11), only.Counters.ResponseTime);
    }

    [Fact]
    public void Pick_SeveralOverdueAtOnce_OneProbe()
    {
        var service = Snapshots.Service("svc", Server("slow", 1000, 0, 1), Server("slower", 2000, 0, 1), Server("fast", 10, 0, 1));
        LeastTimePolicy.Pick(service, 0, _clock);
        _clock.Advance(LeastTimePolicy.ProbeAfter);

        var picks = Enumerable.Range(1, 20).Select(t => LeastTimePolicy.Pick(service, t, _clock)!.Url).ToList();

        Assert.Equal(19, picks.Count(p => p == "fast"));
    }

    [Fact]
    public void Pick_ProbeAnswersFast_TheStaleAverageIsReplacedAndTheServerTakesItsShare()
    {
        var clock = new FakeTimeProvider();
        var slow = Server("slow", 1000, 0, 1);
        var service = Snapshots.Service("svc", slow, Server("fast", 10, 0, 1));

        Assert.Equal("slow", Picks(service, clock, count: 10_001, every: TimeSpan.FromMilliseconds(1))[^1]);
        slow.Counters.Responded(TimeSpan.FromMilliseconds(10), clock.GetTimestamp());

        // Not 901 ms (a tenth of the way), but the probe's own 10 ms: the two now tie and share by turns.
        Assert.Equal(TimeSpan.FromMilliseconds(10), slow.Counters.ResponseTime);
        Assert.Equal(50, Enumerable.Range(0, 100).Count(t => LeastTimePolicy.Pick(service, t, clock)!.Url == "slow"));
    }

    [Fact]
    public void Pick_OverdueServerUnavailableOrTried_NotProbed()
    {
        var clock = new FakeTimeProvider();
        var service = Snapshots.Service(
            "svc", Server("draining", 1000, 0, 1, ServerHealth.Draining), Server("tried", 1000, 0, 1), Server("fast", 10, 0, 1));
        LeastTimePolicy.Pick(service, 0, clock);
        clock.Advance(LeastTimePolicy.ProbeAfter * 2);

        Assert.Equal("fast", LeastTimePolicy.Pick(service, 1, clock, ["tried"])?.Url);
    }

    [Fact]
    public void Pick_EveryServerChosen_NoProbes()
    {
        // Tied servers share the requests by turns: none is ever overdue, so the weights alone decide.
        var service = Snapshots.Service("svc", Server("a", 10, 0, 1), Server("b", 10, 0, 1));

        var picks = Enumerable.Range(1, 200).Select(t => LeastTimePolicy.Pick(service, t, _clock)!.Url).ToList();

        Assert.Equal(100, picks.Count(p => p == "a"));
    }

    [Fact]
    public void Responded_Samples_FirstSetsTheAverageThenEachMovesItATenth()
    {
        var counters = new ServerCounters();
        Assert.Equal(TimeSpan.Zero, counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(100), 0);
        Assert.Equal(TimeSpan.FromMilliseconds(100), counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(200), 0);
        Assert.Equal(TimeSpan.FromMilliseconds(110), counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(10), 0);
        Assert.Equal(TimeSpan.FromMilliseconds(100), counters.ResponseTime);
    }

    [Fact]
    public void Responded_AnswerSentBeforeTheProbe_MovesTheAverageOnlyTheProbesReplacesIt()
    {
        var counters = new ServerCounters();
        counters.Responded(TimeSpan.FromMilliseconds(1000), 0);
        counters.Probed(100);

        // A request that left before the probe was decided knows nothing newer than the stale average.
        counters.Responded(TimeSpan.FromMilliseconds(500), 50);
        Assert.Equal(TimeSpan.FromMilliseconds(950), counters.ResponseTime);

        counters.Responded(TimeSpan.FromMilliseconds(10), 100);
        Assert.Equal(TimeSpan.FromMilliseconds(10), counters.ResponseTime);

        // Its answer used the probe up.
        counters.Responded(TimeSpan.FromMilliseconds(110), 200);
        Assert.Equal(TimeSpan.FromMilliseconds(20), counters.ResponseTime);
    }

    private static List<string> Picks(ServiceSnapshot service, FakeTimeProvider clock, int count, TimeSpan every) =>
        [.. Enumerable.Range(0, count).Select(t =>
        {
            var url = LeastTimePolicy.Pick(service, t, clock)!.Url;
            clock.Advance(every);
            return url;
        })];

    private static List<int> Indexes(List<string> picks, string url) =>
        [.. picks.Select((p, i) => (p, i)).Where(x => x.p == url).Select(x => x.i)];

    private static ServerSnapshot Server(string url, int milliseconds, int inFlight, int weight, ServerHealth health = ServerHealth.Up)
    {
        var server = Snapshots.Server(url, ActorRefs.Nobody, health, weight);
        if (milliseconds > 0)
        {
            server.Counters.Responded(TimeSpan.FromMilliseconds(milliseconds), 0);
        }

        for (var i = 0; i < inFlight; i++)
        {
            server.Counters.Started();
        }

        return server;
    }
}
