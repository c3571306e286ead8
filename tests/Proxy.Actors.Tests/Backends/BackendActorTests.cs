using Akka.Actor;
using Akka.TestKit.Xunit2;
using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Backends;

public sealed class BackendActorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private HealthServer _server = null!;

    public async Task InitializeAsync() => _server = await HealthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Start_CheckInitiallyDown_ProbesAtOnceAndPublishesUp()
    {
        // An hour's interval: only the immediate first probe can bring it up within the wait.
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props(Configure(HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false))));

        Assert.Equal(ServerHealth.Down, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
        var up = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal(ServerHealth.Up, up.Health);
        Assert.Equal(_server.Address, up.Url);
        Assert.Equal("health check passed: HTTP 200", up.Reason);
    }

    [Fact]
    public void Probe_HealthEndpointFailsThenPasses_PublishesDownThenUp()
    {
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props(Configure(HealthServer.Check(TimeSpan.FromMilliseconds(100)))));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        _server.Status = 500;
        var down = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal(ServerHealth.Down, down.Health);
        Assert.StartsWith("health check failed: HTTP 500", down.Reason);

        _server.Status = 200;
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
    }

    [Fact]
    public void Probe_UnchangedVerdict_PublishesNothing()
    {
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props(Configure(HealthServer.Check(TimeSpan.FromMilliseconds(50)))));
        parent.ExpectMsg<BackendStateChanged>(Wait);

        AwaitCondition(() => _server.Probes >= 4, Wait);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Configure_Draining_PublishesDrainingAtOnce()
    {
        var parent = CreateTestProbe();
        var configure = Configure(null);
        var backend = parent.ChildActorOf(Props(configure));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        backend.Tell(configure with { Server = configure.Server with { Draining = true } });

        var draining = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal(ServerHealth.Draining, draining.Health);
        Assert.Equal("draining: no new requests, in-flight ones finish", draining.Reason);
    }

    [Fact]
    public void AttemptFailed_ReachesMaxFailures_EjectsUntilCooldown()
    {
        var parent = CreateTestProbe();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var passive = new PassiveHealthSpec(new PassiveHealthCheckConfig(2, "10s", "30s"));
        var backend = parent.ChildActorOf(Props(Configure(null, passive), clock));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        backend.Tell(new AttemptFailed(_server.Address, false, "connection refused"));
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        backend.Tell(new AttemptFailed(_server.Address, false, "connection refused"));

        var ejected = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal(ServerHealth.Down, ejected.Health);
        Assert.Equal("ejected after 2 failed request(s): connection refused", ejected.Reason);
        Assert.Equal(2, ejected.Counters.Failures);
        clock.Advance(passive.Cooldown - TimeSpan.FromMilliseconds(1));
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
    }

    [Fact]
    public void AttemptFailed_NoPassiveCheck_CountsButStaysUp()
    {
        var parent = CreateTestProbe();
        var counters = new ServerCounters();
        var backend = parent.ChildActorOf(BackendActor.Props(Configure(null), counters, HealthServer.Prober(), TimeProvider.System));
        parent.ExpectMsg<BackendStateChanged>(Wait);

        for (var i = 0; i < 5; i++)
        {
            backend.Tell(new AttemptFailed(_server.Address, true, "reset"));
        }

        AwaitCondition(() => counters.Failures == 5, Wait);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Configure_SameUrlAndCheck_KeepsLearnedHealth()
    {
        var parent = CreateTestProbe();
        var configure = Configure(HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false));
        var backend = parent.ChildActorOf(Props(configure));
        parent.ExpectMsg<BackendStateChanged>(m => m.Health == ServerHealth.Down, Wait);
        parent.ExpectMsg<BackendStateChanged>(m => m.Health == ServerHealth.Up, Wait);
        var probes = _server.Probes;

        // A reload rewrites the check with equal values and changes the weight: nothing to relearn.
        backend.Tell(configure with
        {
            Server = configure.Server with { Weight = 5 },
            HealthCheck = HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false),
        });

        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(probes, _server.Probes);
    }

    [Fact]
    public void Configure_CheckChanged_ProbesAgainWithoutForgettingHealth()
    {
        var parent = CreateTestProbe();
        var configure = Configure(HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false));
        var backend = parent.ChildActorOf(Props(configure));
        parent.ExpectMsg<BackendStateChanged>(m => m.Health == ServerHealth.Down, Wait);
        parent.ExpectMsg<BackendStateChanged>(m => m.Health == ServerHealth.Up, Wait);
        _server.Status = 503;

        backend.Tell(configure with { HealthCheck = HealthServer.Check(TimeSpan.FromHours(2), initiallyUp: false) });

        Assert.Equal(ServerHealth.Down, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
        Assert.Equal(2, _server.Probes);
    }

    [Fact]
    public void AttemptFailed_RefusedWithoutPassiveCheck_HeldOutThenBackAndSharedAsEjected()
    {
        var parent = CreateTestProbe();
        var observed = CreateTestProbe();
        Sys.EventStream.Subscribe(observed.Ref, typeof(BackendObserved));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var backend = parent.ChildActorOf(Props(Configure(null), clock));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        var started = clock.GetUtcNow();
        backend.Tell(new AttemptFailed(_server.Address, false, "connection refused"));

        var held = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal(ServerHealth.Down, held.Health);
        Assert.Equal("connection refused: connection refused", held.Reason);
        var shared = observed.ExpectMsg<BackendObserved>(Wait);
        Assert.Equal((_server.Address, ObservedHealth.Ejected), (shared.Url, shared.Health));
        Assert.Equal(started + BackendActor.DefaultRefusalHold, shared.Until);

        clock.Advance(BackendActor.DefaultRefusalHold - TimeSpan.FromMilliseconds(1));
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
        Assert.Equal(ObservedHealth.Up, observed.ExpectMsg<BackendObserved>(Wait).Health);
    }

    [Fact]
    public void AttemptFailed_RefusedLoneServer_StaysUp()
    {
        var parent = CreateTestProbe();
        var backend = parent.ChildActorOf(Props(Configure(null) with { HoldOnRefusal = false }));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        backend.Tell(new AttemptFailed(_server.Address, false, "connection refused"));

        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void SharedVerdict_DownFromAnotherNode_DownWithItsReasonUntilWithdrawn()
    {
        var parent = CreateTestProbe();
        var observed = CreateTestProbe();
        Sys.EventStream.Subscribe(observed.Ref, typeof(BackendObserved));
        parent.ChildActorOf(Props(Configure(null)));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);

        var verdict = new SharedVerdict(ObservedHealth.Down, "down at node 10.0.0.6:4053, which watches it: HTTP 500");
        Sys.EventStream.Publish(new SharedHealthChanged(ImmutableDictionary<string, SharedVerdict>.Empty.Add(_server.Address, verdict)));

        var down = parent.ExpectMsg<BackendStateChanged>(Wait);
        Assert.Equal((ServerHealth.Down, verdict.Reason), (down.Health, down.Reason));
        // Another node's verdict is never echoed as this node's own observation.
        observed.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Sys.EventStream.Publish(new SharedHealthChanged(ImmutableDictionary<string, SharedVerdict>.Empty));
        Assert.Equal(ServerHealth.Up, parent.ExpectMsg<BackendStateChanged>(Wait).Health);
    }

    private ConfigureBackend Configure(HealthCheckSpec? check, PassiveHealthSpec? passive = null) =>
        new(new ServerDefinition(_server.Address, _server.Url, 1, false), check, passive);

    private static Props Props(ConfigureBackend configure, TimeProvider? time = null) =>
        BackendActor.Props(configure, new ServerCounters(), HealthServer.Prober(), time ?? TimeProvider.System);
}
