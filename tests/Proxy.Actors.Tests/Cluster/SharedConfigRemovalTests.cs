using Akka.Actor;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A removed node's servers keep serving for <see cref="SharingSettings.RemovedNodeGrace"/>, then
/// are dropped; its health reports stop counting at once.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigRemovalTests(ITestOutputHelper output) : ClusterTestKit(output, Sharing)
{
    private static readonly SharingSettings Sharing = SharingSettings.Default with { RemovedNodeGrace = TimeSpan.FromSeconds(3) };
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private readonly ITestOutputHelper _output = output;

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
        var removedAt = ClusterViewCell.Get(A.System).Current.Removed[C.Id];
        // Within the grace a change on another node is merged with C's data still counted.
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.3:8080", "http://127.0.0.3:8081"))]), []));
        var during = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => Servers(m).Length == 3, Propagation);
        Assert.True(during.Config.Routers.ContainsKey("c-web"));
        Assert.True(DateTimeOffset.UtcNow < removedAt + Sharing.RemovedNodeGrace, "the check during the grace came too late to mean anything");

        var after = A.Configuration.FishForMessage<ProviderConfigurationChanged>(
            m => !m.Config.Routers.ContainsKey("c-web"), Sharing.RemovedNodeGrace + Propagation);
        var droppedAfter = DateTimeOffset.UtcNow - removedAt;

        _output.WriteLine($"C's configuration dropped {droppedAfter.TotalMilliseconds:N0} ms after A saw it removed (grace {Sharing.RemovedNodeGrace.TotalMilliseconds:N0} ms)");
        Assert.True(droppedAfter >= Sharing.RemovedNodeGrace, $"dropped after {droppedAfter}, before the grace ended");
        Assert.Equal(new[] { "http://127.0.0.3:8080", "http://127.0.0.3:8081" }, Servers(after));
        var view = ClusterViewCell.Get(A.System).Current;
        Assert.Empty(view.Removed);
        Assert.Equal(new[] { A.Id, B.Id }.Order(StringComparer.Ordinal), view.Nodes.Keys);
    }

    [Fact]
    public async Task MemberRemoved_ItsEjection_StopsCountingAtOnce()
    {
        C.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.4:8080"))]), []));
        C.System.EventStream.Publish(new BackendObserved("http://127.0.0.4:8080", ObservedHealth.Ejected, "connection refused", DateTimeOffset.UtcNow.AddMinutes(1)));
        AwaitAssert(() => Assert.True(SharedHealthCell.Get(A.System).Current.ContainsKey("http://127.0.0.4:8080")), Propagation);

        await LeaveAsync(C);

        // The verdict goes with the member; the servers C declared stay for the grace.
        AwaitAssert(() => Assert.Empty(SharedHealthCell.Get(A.System).Current), Propagation);
        Assert.Contains(C.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys);
    }

    private static string?[] Servers(ProviderConfigurationChanged changed) =>
        changed.Config.Services.TryGetValue("shop", out var found) ? [.. found.LoadBalancer!.Servers.Select(s => s.Url)] : [];
}
