using Proxy.Actors.RateLimiting;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>A cluster-scoped inFlightReq on three real nodes: the owner counts the slots of every node.</summary>
[Collection(ClusterTestKit.Name)]
public sealed class ClusterInFlightTests(ITestOutputHelper output) : LimiterClusterKit(output)
{
    private const string Key = "api@docker|inflight@docker|198.51.100.7";

    [Fact]
    public async Task EnterAsync_FromThreeNodes_AdmitsTheAmountInAll()
    {
        var keys = Nodes.Select(n => new ClusterSlotKey(Key, 5, LimitFallback.Closed, n.Limiter)).ToList();

        var tickets = new List<(ClusterSlotKey Key, SlotTicket Ticket)>();
        foreach (var key in keys)
        {
            for (var i = 0; i < 4; i++)
            {
                tickets.Add((key, await key.EnterAsync()));
            }
        }

        Assert.Equal(5, tickets.Count(t => t.Ticket == SlotTicket.Held));
        Assert.Equal(7, tickets.Count(t => t.Ticket == SlotTicket.Refused));
    }

    [Fact]
    public async Task Leave_SlotsGivenBack_AnotherNodeEnters()
    {
        var first = new ClusterSlotKey(Key, 3, LimitFallback.Closed, Nodes[1].Limiter);
        var second = new ClusterSlotKey(Key, 3, LimitFallback.Closed, Nodes[2].Limiter);
        var held = new[] { await first.EnterAsync(), await first.EnterAsync(), await first.EnterAsync() };
        Assert.Equal(SlotTicket.Refused, await second.EnterAsync());

        foreach (var ticket in held)
        {
            first.Leave(ticket);
        }

        // The release is a tell: the owner may read it a moment after the next ask.
        await AwaitAssertAsync(async () =>
        {
            var ticket = await second.EnterAsync();
            Assert.Equal(SlotTicket.Held, ticket);
        }, TimeSpan.FromSeconds(3));
        Assert.True(first.IsIdle);
    }

    [Fact]
    public async Task EnterAsync_NodeHoldingSlotsKilled_OwnerReclaimsThem()
    {
        // A key owned by the first node, so that the node killed is a holder, not the owner.
        var members = Nodes[0].Limiter.Members;
        var key = Enumerable.Range(1, 100).Select(i => $"api@docker|inflight@docker|198.51.100.{i}")
            .First(k => ClusterLimiter.OwnerOf(k, members, Nodes[0].Address) == Nodes[0].Address);
        var victim = new ClusterSlotKey(key, 2, LimitFallback.Closed, Nodes[2].Limiter);
        var survivor = new ClusterSlotKey(key, 2, LimitFallback.Closed, Nodes[1].Limiter);
        Assert.Equal([SlotTicket.Held, SlotTicket.Held], [await victim.EnterAsync(), await victim.EnterAsync()]);
        Assert.Equal(SlotTicket.Refused, await survivor.EnterAsync());

        await Nodes[2].System.Terminate();

        await AwaitAssertAsync(async () => Assert.Equal(SlotTicket.Held, await survivor.EnterAsync()), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
    }
}
