using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>When the node's pool of connections to a server is closed: only once the server is drained or gone and no request holds it.</summary>
public sealed class BackendInvokersTests
{
    private const string Blue = "http://127.0.0.31:8080";
    private const string Green = "http://127.0.0.32:8080";

    private readonly List<RecordingInvoker> _created = [];

    private BackendInvokers NewInvokers() => new(() =>
    {
        var invoker = new RecordingInvoker();
        _created.Add(invoker);
        return invoker;
    });

    private static RoutingSnapshot Snapshot(params (string Url, ServerHealth Health)[] servers) => RoutingSnapshot.Empty with
    {
        Services = RoutingSnapshot.Empty.Services.Add("web@docker", new ServiceSnapshot(
            "web@docker",
            false,
            [.. servers.Select(s => new ServerSnapshot(s.Url, s.Url, 1, s.Health, string.Empty, ActorRefs.Nobody, new ServerCounters()))],
            [.. servers.Select((_, i) => i)],
            true,
            new LoadBalancerCursor())),
    };

    [Fact]
    public void Retain_ServerDrainedWhileARequestHoldsItsPool_ClosedWhenTheRequestEnds()
    {
        using var invokers = NewInvokers();
        invokers.Retain(Snapshot((Blue, ServerHealth.Up), (Green, ServerHealth.Up)));
        var lease = invokers.Rent(Blue);

        invokers.Retain(Snapshot((Blue, ServerHealth.Draining), (Green, ServerHealth.Up)));
        Assert.False(_created[0].Disposed);

        lease.Dispose();
        Assert.True(_created[0].Disposed);
    }

    [Theory]
    [InlineData(ServerHealth.Up)]
    [InlineData(ServerHealth.Down)]
    public void Retain_ServerStillThere_SamePoolForTheNextRequest(ServerHealth health)
    {
        using var invokers = NewInvokers();
        invokers.Retain(Snapshot((Blue, ServerHealth.Up)));
        using (invokers.Rent(Blue))
        {
        }

        invokers.Retain(Snapshot((Blue, health)));
        using var lease = invokers.Rent(Blue);

        Assert.Same(_created[0], lease.Invoker);
        Assert.False(_created[0].Disposed);
    }

    [Fact]
    public void Retain_ServerRemovedWithNoRequest_ClosedAtOnceAndOnlyIt()
    {
        using var invokers = NewInvokers();
        invokers.Retain(Snapshot((Blue, ServerHealth.Up), (Green, ServerHealth.Up)));
        using (invokers.Rent(Blue))
        using (invokers.Rent(Green))
        {
        }

        invokers.Retain(Snapshot((Green, ServerHealth.Up)));

        Assert.True(_created[0].Disposed);
        Assert.False(_created[1].Disposed);
    }

    [Fact]
    public void Rent_ServerTheSnapshotDrains_PoolOfItsOwnClosedWithTheLease()
    {
        using var invokers = NewInvokers();
        invokers.Retain(Snapshot((Blue, ServerHealth.Draining)));

        var lease = invokers.Rent(Blue);
        var second = invokers.Rent(Blue);
        Assert.NotSame(lease.Invoker, second.Invoker);
        lease.Dispose();
        second.Dispose();

        Assert.All(_created, invoker => Assert.True(invoker.Disposed));
    }

    [Fact]
    public void Rent_ServerBackAfterADrain_NewPool()
    {
        using var invokers = NewInvokers();
        invokers.Retain(Snapshot((Blue, ServerHealth.Up)));
        using (invokers.Rent(Blue))
        {
        }

        invokers.Retain(Snapshot((Blue, ServerHealth.Draining)));
        invokers.Retain(Snapshot((Blue, ServerHealth.Up)));
        using var lease = invokers.Rent(Blue);

        Assert.NotSame(_created[0], lease.Invoker);
        Assert.True(_created[0].Disposed);
        Assert.False(_created[1].Disposed);
    }

    /// <summary>A real invoker (never sent through here) that tells whether it was disposed, which closes its connections.</summary>
    private sealed class RecordingInvoker() : HttpMessageInvoker(new SocketsHttpHandler())
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
