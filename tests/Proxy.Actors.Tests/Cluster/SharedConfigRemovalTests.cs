using System.Collections;
using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A removed node's servers keep serving for <see cref="SharingSettings.RemovedNodeGrace"/>, then
/// are dropped and its keys deleted; its health reports stop counting at once. The grace runs on
/// a fake clock the tests advance.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigRemovalTests : ClusterTestKit
{
    private static readonly SharingSettings Sharing = SharingSettings.Default;

    private readonly FakeTimeProvider _clock;

    public SharedConfigRemovalTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SharedConfigRemovalTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, Sharing, clock)
    {
        _clock = clock;
    }

    /// <summary>
    /// A new node on a departed node's address: the others' remoting may still gate that address
    /// (5 s) when it joins, so its first writes can take that much longer to arrive under load.
    /// What the test checks is what arrives, not how fast.
    /// </summary>
    private static readonly TimeSpan AfterRejoin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task MemberRemoved_AfterPublishing_ItsServersServeUntilTheGraceEndsThenAreDropped()
    {
        C.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(
            routers: [("c-web", Router(service: "shop"))],
            services: [("shop", Service("http://127.0.0.4:8080"))]), []));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.3:8080"))]), []));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => Servers(m).Length == 2 && m.Config.Routers.ContainsKey("c-web"), Propagation);

        await LeaveAsync(C);

        AwaitAssert(() => Assert.Contains(C.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys), Propagation);
        Assert.Equal(_clock.GetUtcNow(), ClusterViewCell.Get(A.System).Current.Removed[C.Id]);
        // Within the grace, to its last millisecond, a change on another node is merged with C's data still counted.
        _clock.Advance(Sharing.RemovedNodeGrace - TimeSpan.FromMilliseconds(1));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.3:8080", "http://127.0.0.3:8081"))]), []));
        var during = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => Servers(m).Length == 3, Propagation);
        Assert.True(during.Config.Routers.ContainsKey("c-web"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("c-web"), Propagation);

        Assert.Equal(new[] { "http://127.0.0.3:8080", "http://127.0.0.3:8081" }, Servers(after));
        var view = ClusterViewCell.Get(A.System).Current;
        Assert.Empty(view.Removed);
        Assert.Equal(new[] { A.Id, B.Id }.Order(StringComparer.Ordinal), view.Nodes.Keys);
        // Its keys are deleted on every survivor: only A's and B's remain.
        await AwaitKeysAsync(KeysOf(A, B), A, B);
    }

    [Fact]
    public async Task MemberBackOnTheSameAddress_AfterTheGrace_WhatItsPreviousRunWroteNeverCountsAgain()
    {
        var port = FreePort();
        var first = StartNode(port);
        AwaitUp(A, B, C, first);
        first.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("old", Router())]), []));
        first.System.EventStream.Publish(new BackendObserved("http://127.0.0.4:8080", ObservedHealth.Ejected, "connection refused", _clock.GetUtcNow().AddMinutes(5)));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("old"), Propagation);
        AwaitAssert(() => Assert.NotEmpty(SharedHealthCell.Get(A.System).Current), Propagation);
        await LeaveAsync(first);
        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.Contains(first.Id, ClusterViewCell.Get(node.System).Current.Removed.Keys), Propagation);
        }

        _clock.Advance(Sharing.RemovedNodeGrace);
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("old"), Propagation);
        AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(A.System).Current.Removed), Propagation);
        // Its previous run's keys are deleted: a deleted key can never be written again.
        await AwaitKeysAsync(KeysOf(A, B, C), A);
        var verdicts = CreateTestProbe(A.System);
        A.System.EventStream.Subscribe(verdicts.Ref, typeof(SharedHealthChanged));

        var second = StartNode(port);
        AwaitUp(A, B, C, second);
        second.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("new", Router())]), []));
        second.System.EventStream.Publish(new BackendObserved("http://127.0.0.5:8080", ObservedHealth.Ejected, "connection refused", _clock.GetUtcNow().AddMinutes(5)));

        // What its previous run wrote is still in the replicas, but never counts again.
        var configs = new ArrayList();
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("new"), configs, AfterRejoin);
        Assert.All(configs.OfType<ProviderConfigurationChanged>(), m => Assert.False(m.Config.Routers.ContainsKey("old"), "the previous run's routers came back"));
        var changes = new ArrayList();
        verdicts.FishForMessage<SharedHealthChanged>(c => c.Verdicts.ContainsKey("http://127.0.0.5:8080"), changes, AfterRejoin);
        Assert.All(changes.OfType<SharedHealthChanged>(), c => Assert.False(c.Verdicts.ContainsKey("http://127.0.0.4:8080"), "the previous run's ejection came back"));
        Assert.Equal(new[] { "http://127.0.0.5:8080" }, SharedHealthCell.Get(A.System).Current.Keys);
        // The new run on the same address has keys of its own, beside the survivors'.
        await AwaitKeysAsync(KeysOf(A, B, C, second), A);
    }

    [Fact]
    public async Task MemberRemoved_ItsEjection_StopsCountingAtOnce()
    {
        C.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.4:8080"))]), []));
        C.System.EventStream.Publish(new BackendObserved("http://127.0.0.4:8080", ObservedHealth.Ejected, "connection refused", _clock.GetUtcNow().AddMinutes(1)));
        AwaitAssert(() => Assert.True(SharedHealthCell.Get(A.System).Current.ContainsKey("http://127.0.0.4:8080")), Propagation);

        await LeaveAsync(C);

        // The verdict goes with the member; the servers C declared stay for the grace.
        AwaitAssert(() => Assert.Empty(SharedHealthCell.Get(A.System).Current), Propagation);
        Assert.Contains(C.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys);
    }

    private static string?[] Servers(ProviderConfigurationChanged changed) =>
        changed.Config.Services.TryGetValue("shop", out var found) ? [.. found.LoadBalancer!.Servers.Select(s => s.Url)] : [];
}
