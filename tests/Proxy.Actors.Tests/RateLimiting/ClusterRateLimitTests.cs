using Proxy.Actors.RateLimiting;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// A cluster-scoped limit of 100 requests/s for one client, offered about three times that, spread over
/// three real nodes: what they admit together, and what happens when the key's owner dies.
/// </summary>
[Collection(ClusterTestKit.Name)]
public sealed class ClusterRateLimitTests(ITestOutputHelper output) : LimiterClusterKit(output)
{
    private const string Key = "api@docker|limit@docker|198.51.100.7";
    private static readonly RateSpec Limit = RateSpec.Of(average: 100, TimeSpan.FromSeconds(1), burst: 10);

    [Fact]
    public async Task TakeAsync_EqualLoadOverThreeNodes_AdmitsTheClusterRateWithinTenPercentInEqualShares()
    {
        var keys = Nodes.Select(n => new ClusterRateKey(Key, Limit, LimitFallback.LocalShare, n.Limiter)).ToList();

        var run = await LoadAsync(keys, TimeSpan.FromSeconds(10)).Task;

        Output.WriteLine($"admitted {run.Admitted} of {run.Offered} in 10 s; per node {string.Join(", ", run.PerNode)}; " +
            $"decision p50 {run.Percentile(0.5):F3} ms p99 {run.Percentile(0.99):F3} ms");
        Assert.InRange(run.Admitted, 900 + Limit.Burst, 1100 + Limit.Burst);
        // Equal offered load, so each node is granted about a third (32-35 % measured); a quarter to 45 % leaves room
        // for CI's load on two shared cores. A first-come owner (its own asks cross no network) took 53-62 %.
        Assert.All(run.PerNode, admitted => Assert.True(admitted * 4 >= run.Admitted && admitted * 100 <= run.Admitted * 45,
            $"a node admitted {admitted} of {run.Admitted} ({string.Join(", ", run.PerNode)}): leases are not shared by demand"));
    }

    [Fact]
    public async Task TakeAsync_OwnerKilledMidRun_OthersKeepLimitingThenRecoverTheRate()
    {
        // The TestKit's own system cannot be killed without ending the test: a client whose key another node owns.
        var members = Nodes[0].Limiter.Members;
        var key = Enumerable.Range(1, 100).Select(i => $"api@docker|limit@docker|198.51.100.{i}")
            .First(k => ClusterLimiter.OwnerOf(k, members, Nodes[0].Address) != Nodes[0].Address);
        var owner = Nodes.Single(n => n.Address == ClusterLimiter.OwnerOf(key, members, Nodes[0].Address));
        var others = Nodes.Where(n => n != owner).ToList();
        var keys = others.Select(n => new ClusterRateKey(key, Limit, LimitFallback.LocalShare, n.Limiter)).ToList();

        var load = LoadAsync(keys, TimeSpan.FromSeconds(16));
        await Task.Delay(TimeSpan.FromSeconds(4));
        var killedAt = load.Elapsed;
        await owner.System.Terminate();
        var run = await load.Task;

        var windows = run.PerSecond;
        Output.WriteLine($"owner killed at {killedAt.TotalSeconds:F1} s; admitted per second: {string.Join(", ", windows)}");
        // One second may admit the local share of a node on the fallback beside the rate and burst of an owner that
        // other nodes still reach: a node that has not yet seen the old owner unreachable, or whose ask timed out
        // while its process stalled (140 once under load). The new owner starts a moved key empty (KeyMoveTests).
        var moved = Limit.Burst + (int)Math.Ceiling(Limit.TokensPerSecond / Nodes.Count);
        Assert.True(windows.Count(admitted => admitted > 110 + Limit.Burst) <= 1, $"more than one second over the limit: {string.Join(", ", windows)}");
        Assert.All(windows, admitted => Assert.True(admitted <= 110 + moved, $"{admitted} admitted in one second, over the limit and the move's bound"));
        var recovered = Enumerable.Range((int)Math.Ceiling(killedAt.TotalSeconds), windows.Count - (int)Math.Ceiling(killedAt.TotalSeconds))
            .FirstOrDefault(second => windows[second] >= 90, -1);
        Output.WriteLine($"back to at least 90/s {recovered - killedAt.TotalSeconds:F1} s after the kill");
        Assert.InRange(recovered - killedAt.TotalSeconds, 0, 8);
    }

    private static LoadRun LoadAsync(IReadOnlyList<ClusterRateKey> keys, TimeSpan duration) => new(keys, duration);
}
