using Proxy.Actors.RateLimiting;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// An owner at its <see cref="ClusterLimiterSettings.MaxOwnedKeys"/> (1 here): a new key is untracked,
/// and only that key takes its fallback; the owner's other keys are limited by it as before.
/// </summary>
[Collection(ClusterTestKit.Name)]
public sealed class UntrackedKeyTests(ITestOutputHelper output) : LimiterClusterKit(output, ClusterLimiterSettings.Default with { MaxOwnedKeys = 1 })
{
    [Fact]
    public async Task TakeAsync_OtherKeyOfAFullOwnerUntracked_ThisKeyStillAsksTheOwner()
    {
        var limiter = LimiterOwnedBy(Nodes[1]);
        var tracked = new ClusterRateKey("tracked", new RateSpec(100, 100), LimitFallback.Closed, limiter);
        var untracked = new ClusterRateKey("untracked", new RateSpec(100, 100), LimitFallback.Closed, limiter);

        Assert.True((await tracked.TakeAsync()).Admitted);
        Assert.False((await untracked.TakeAsync()).Admitted);

        Assert.True((await tracked.TakeAsync()).Admitted);
    }

    [Fact]
    public async Task EnterAsync_OtherKeyOfAFullOwnerUntracked_ThisKeyStillAsksTheOwner()
    {
        var limiter = LimiterOwnedBy(Nodes[2]);
        var tracked = new ClusterSlotKey("tracked", 5, LimitFallback.Closed, limiter);
        var untracked = new ClusterSlotKey("untracked", 5, LimitFallback.Closed, limiter);

        var first = await tracked.EnterAsync();
        Assert.Equal(SlotTicket.Held, first);
        Assert.Equal(SlotTicket.Refused, await untracked.EnterAsync());

        Assert.Equal(SlotTicket.Held, await tracked.EnterAsync());
    }

    [Fact]
    public async Task Lease_SpecChanged_KeepsTheTokensLeft()
    {
        var limiter = LimiterOwnedBy(Nodes[0]);
        var spent = await limiter.AskAsync<LeaseGrant>(Nodes[0].Address, new LeaseRequest("reloaded", 0.001, 5, 5, Nodes[0].Address, 0.001, Moved: false));
        Assert.Equal(5, spent.Granted);

        var afterReload = await limiter.AskAsync<LeaseGrant>(Nodes[0].Address, new LeaseRequest("reloaded", 0.001, 10, 5, Nodes[0].Address, 0.001, Moved: false));

        Assert.Equal(0, afterReload.Granted);
    }

    private ClusterLimiter LimiterOwnedBy(LimiterNode owner)
    {
        var limiter = new ClusterLimiter(Nodes[0].System, Nodes[0].Address, TimeProvider.System, ClusterLimiterSettings.Default);
        limiter.Publish(new LimiterMembers([owner.Address]));
        return limiter;
    }
}
