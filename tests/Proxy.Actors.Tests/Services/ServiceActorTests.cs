using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services;

public sealed class ServiceActorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private HealthServer _server = null!;

    public async Task InitializeAsync() => _server = await HealthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Start_Definition_PublishesServersScheduleAndGeneration()
    {
        var parent = CreateTestProbe();

        parent.ChildActorOf(Props(Definition(Server("http://127.0.0.1:1", weight: 2), Server("http://127.0.0.1:2")), 7));

        var changed = parent.ExpectMsg<ServiceSnapshotChanged>(Wait);
        Assert.Equal(7, changed.Generation);
        Assert.Equal("svc@file", changed.Snapshot.Name);
        Assert.False(changed.Snapshot.IsInternal);
        Assert.Equal(new[] { "http://127.0.0.1:1", "http://127.0.0.1:2" }, changed.Snapshot.Servers.Select(s => s.Url));
        Assert.Equal(new[] { 2, 1 }, changed.Snapshot.Servers.Select(s => s.Weight));
        Assert.Equal(new[] { 0, 1, 0 }, changed.Snapshot.Schedule);
        Assert.All(changed.Snapshot.Servers, s => Assert.Equal(ServerHealth.Up, s.Health));
    }

    [Fact]
    public void Configure_UnchangedUrl_KeepsBackendActorAndItsHealth()
    {
        var parent = CreateTestProbe();
        var checkedServer = Server(_server.Address);
        var service = parent.ChildActorOf(Props(Definition([checkedServer], HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false)), 1));
        var first = parent.ExpectMsg<ServiceSnapshotChanged>(Wait).Snapshot.Servers.Single();
        Assert.Equal(ServerHealth.Down, first.Health);
        parent.FishForMessage<ServiceSnapshotChanged>(m => m.Snapshot.Servers.Single().Health == ServerHealth.Up, Wait);

        service.Tell(new ConfigureService(
            Definition([checkedServer, Server("http://127.0.0.1:2")], HealthServer.Check(TimeSpan.FromHours(1), initiallyUp: false)), 2));

        var second = parent.FishForMessage<ServiceSnapshotChanged>(m => m.Generation == 2, Wait).Snapshot;
        var kept = second.Servers.Single(s => s.Url == _server.Address);
        Assert.Equal(first.Backend, kept.Backend);
        Assert.Same(first.Counters, kept.Counters);
        Assert.Equal(ServerHealth.Up, kept.Health);
        Assert.Equal(ServerHealth.Down, second.Servers.Single(s => s.Url == "http://127.0.0.1:2").Health);
    }

    [Fact]
    public void Configure_ServerRemoved_DropsItAndStopsItsBackend()
    {
        var parent = CreateTestProbe();
        var service = parent.ChildActorOf(Props(Definition(Server("http://127.0.0.1:1"), Server("http://127.0.0.1:2")), 1));
        var removed = parent.ExpectMsg<ServiceSnapshotChanged>(Wait).Snapshot.Servers[1].Backend;
        Watch(removed);

        service.Tell(new ConfigureService(Definition(Server("http://127.0.0.1:1")), 2));

        var snapshot = parent.FishForMessage<ServiceSnapshotChanged>(m => m.Generation == 2, Wait).Snapshot;
        Assert.Equal(new[] { "http://127.0.0.1:1" }, snapshot.Servers.Select(s => s.Url));
        Assert.Equal(new[] { 0 }, snapshot.Schedule);
        ExpectTerminated(removed, Wait);
    }

    [Fact]
    public void Configure_Draining_ShowsInTheFirstSnapshotOfTheGeneration()
    {
        var parent = CreateTestProbe();
        var service = parent.ChildActorOf(Props(Definition(Server("http://127.0.0.1:1"), Server("http://127.0.0.1:2")), 1));
        parent.ExpectMsg<ServiceSnapshotChanged>(Wait);

        service.Tell(new ConfigureService(Definition(Server("http://127.0.0.1:1", draining: true), Server("http://127.0.0.1:2")), 2));

        var snapshot = parent.FishForMessage<ServiceSnapshotChanged>(m => m.Generation == 2, Wait).Snapshot;
        Assert.Equal(ServerHealth.Draining, snapshot.Servers[0].Health);
        Assert.Equal("draining: no new requests, in-flight ones finish", snapshot.Servers[0].Reason);
        Assert.Equal(ServerHealth.Up, snapshot.Servers[1].Health);
    }

    [Fact]
    public void BackendChanged_HealthCheckFails_RepublishesWithServerDown()
    {
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props(Definition([Server(_server.Address)], HealthServer.Check(TimeSpan.FromMilliseconds(100))), 1));
        parent.ExpectMsg<ServiceSnapshotChanged>(Wait);

        _server.Status = 500;

        var down = parent.FishForMessage<ServiceSnapshotChanged>(m => m.Snapshot.Servers[0].Health == ServerHealth.Down, Wait);
        Assert.Equal(1, down.Generation);
        Assert.StartsWith("health check failed", down.Snapshot.Servers[0].Reason);
    }

    private static ServerConfig Server(string url, int weight = 1, bool draining = false) => new(url, weight, draining);

    private static ServiceDefinition Definition(params ServerConfig[] servers) => Definition(servers, null);

    private static ServiceDefinition Definition(ServerConfig[] servers, HealthCheckSpec? check) =>
        new("svc@file", "file", new LoadBalancerConfig([.. servers], null, check?.Options, null));

    private static Props Props(ServiceDefinition definition, long generation) =>
        ServiceActor.Props(new ConfigureService(definition, generation), HealthServer.Prober(), TimeProvider.System);
}
