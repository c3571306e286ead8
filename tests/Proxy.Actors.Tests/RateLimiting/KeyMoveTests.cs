using Proxy.Actors.RateLimiting;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// A drained key whose owner leaves the members the others see (as when it becomes unreachable): the key's
/// new owner must not start it with a full bucket, or the second of the move admits the limit, the whole
/// burst again and the fallback's share besides.
/// </summary>
[Collection(ClusterTestKit.Name)]
public sealed class KeyMoveTests(ITestOutputHelper output) : LimiterClusterKit(output)
{
    // A burst five times the rate, so that a full bucket at the new owner stands out from a second's refill.
    private static readonly RateSpec Limit = new(TokensPerSecond: 10, Burst: 50);

    [Fact]
    public async Task TakeAsync_DrainedKeyMovedToANewOwner_StartsEmptyThenRefillsAtTheRate()
    {
        var members = Nodes[0].Limiter.Members;
        var key = Enumerable.Range(1, 100).Select(i => $"api@docker|limit@docker|198.51.100.{i}")
            .First(k => ClusterLimiter.OwnerOf(k, members, Nodes[0].Address) != Nodes[0].Address);
        var oldOwner = ClusterLimiter.OwnerOf(key, members, Nodes[0].Address);
        var others = Nodes.Where(n => n.Address != oldOwner).ToList();
        var keys = others.Select(n => new ClusterRateKey(key, Limit, LimitFallback.Closed, n.Limiter)).ToList();
        var drained = 0;
        while (drained < 200 && (await keys[drained % 2].TakeAsync()).Admitted)
        {
            drained++;
        }

        Assert.InRange(drained, Limit.Burst - 1, 100);

        var remaining = new LimiterMembers([.. members.Addresses.Where(a => a != oldOwner)]);
        foreach (var node in others)
        {
            node.Limiter.Publish(remaining);
        }

        var started = DateTime.UtcNow;
        // Past the old owner's "none before the next token", which each node remembers and refuses by itself.
        await Task.Delay(TimeSpan.FromSeconds(1.5 / Limit.TokensPerSecond));
        var admitted = 0;
        for (var i = 0; i < 40; i++)
        {
            admitted += (await keys[i % 2].TakeAsync()).Admitted ? 1 : 0;
        }

        var spent = DateTime.UtcNow - started;
        Output.WriteLine($"drained {drained} at {oldOwner}; after the move to {ClusterLimiter.OwnerOf(key, remaining, "")}: {admitted} of 40 admitted in {spent.TotalMilliseconds:F0} ms");
        // What the rate refills meanwhile, a lease each node may still hold from the old owner, and one token of rounding.
        Assert.True(admitted <= (int)(spent.TotalSeconds * Limit.TokensPerSecond) + others.Count + 1, $"{admitted} admitted at once after the move: the new owner started the key full");

        await AwaitAssertAsync(async () => Assert.True((await keys[0].TakeAsync()).Admitted), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
    }
}
