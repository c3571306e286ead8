using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.RateLimiting;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// A key whose owner never answers (an address nothing listens on): the node applies onOwnerLost without
/// asking again until <see cref="ClusterLimiterSettings.LostOwnerRetry"/> has passed on its clock, a fake
/// one here that the test moves.
/// </summary>
[Collection(ClusterTestKit.Name)]
public sealed class OwnerLostTests(ITestOutputHelper output) : LimiterClusterKit(output)
{
    private const string DeadOwner = "akka.tcp://proxy@127.0.0.1:9";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task TakeAsync_OwnerLost_LocalShareWithoutAskingUntilTheRetry()
    {
        var limiter = LimiterWithDeadOwner();
        var key = new ClusterRateKey("k", new RateSpec(10, 4), LimitFallback.LocalShare, limiter);

        var first = await key.TakeAsync();
        var rest = Enumerable.Range(0, 4).Select(_ => key.TakeAsync()).ToList();

        Assert.True(first.Admitted);
        Assert.All(rest, pending => Assert.True(pending.IsCompletedSuccessfully, "asked the lost owner again before the retry"));
        Assert.Equal([true, true, true, false], rest.Select(p => p.Result.Admitted));

        _time.Advance(limiter.Settings.LostOwnerRetry);
        var retry = key.TakeAsync();
        Assert.False(retry.IsCompletedSuccessfully, "did not ask the owner again after the retry time");
        await retry;
    }

    [Theory]
    [InlineData(LimitFallback.Open, true)]
    [InlineData(LimitFallback.Closed, false)]
    public async Task TakeAsync_OwnerLost_FallbackAsConfigured(LimitFallback fallback, bool admitted)
    {
        var key = new ClusterRateKey("k", new RateSpec(1, 1), fallback, LimiterWithDeadOwner());

        var decisions = new[] { await key.TakeAsync(), await key.TakeAsync(), await key.TakeAsync() };

        Assert.All(decisions, d => Assert.Equal(admitted, d.Admitted));
    }

    [Fact]
    public async Task EnterAsync_OwnerLostLocalShare_AmountOverReachableNodes()
    {
        var limiter = LimiterWithDeadOwner();
        limiter.Publish(new LimiterMembers([DeadOwner, "akka.tcp://proxy@127.0.0.1:10"]));
        var key = new ClusterSlotKey("k", 4, LimitFallback.LocalShare, limiter);
        var owner = ClusterLimiter.OwnerOf("k", limiter.Members, limiter.Self);
        limiter.MarkLost(owner, _time.GetTimestamp());

        var tickets = new[] { await key.EnterAsync(), await key.EnterAsync(), await key.EnterAsync() };

        Assert.Equal([SlotTicket.Local, SlotTicket.Local, SlotTicket.Refused], tickets);
        key.Leave(tickets[0]);
        Assert.Equal(SlotTicket.Local, await key.EnterAsync());
    }

    private ClusterLimiter LimiterWithDeadOwner()
    {
        var limiter = new ClusterLimiter(Nodes[0].System, Nodes[0].Address, _time, ClusterLimiterSettings.Default);
        limiter.Publish(new LimiterMembers([DeadOwner]));
        return limiter;
    }
}
