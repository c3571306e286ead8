using System.Diagnostics;
using Akka.Actor;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A node restarted on the same address within <see cref="SharingSettings.RemovedNodeGrace"/>
/// (a quick restart) replaces what it wrote before, and keeps counting once that grace is over.
/// The grace is longer than in <see cref="SharedConfigRemovalTests"/>: the others gate a departed
/// address for 5 s before a new incarnation on it can connect.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigRejoinTests(ITestOutputHelper output) : ClusterTestKit(output, Sharing)
{
    private static readonly SharingSettings Sharing = SharingSettings.Default with { RemovedNodeGrace = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task MemberBackOnTheSameAddress_WithinTheGrace_ItsFreshDataReplacesTheOldAndKeepsCounting()
    {
        var port = FreePort();
        var first = StartNode(port);
        AwaitUp(A, B, C, first);
        first.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("old", Router())]), []));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("old"), Propagation);

        await LeaveAsync(first);
        AwaitAssert(() => Assert.Contains(first.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys), Propagation);
        var removedAt = ClusterViewCell.Get(A.System).Current.Removed[first.Id];
        var rejoin = Stopwatch.StartNew();
        var second = StartNode(port);
        AwaitUp(A, B, C, second);
        Output.WriteLine($"A new node on {second.Id} was Up {rejoin.ElapsedMilliseconds:N0} ms after it started");
        Assert.Equal(first.Id, second.Id);

        // The restarted node writes every shard at start, empty ones too: its old routers go at once.
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("old"), Propagation);
        Assert.True(DateTimeOffset.UtcNow < removedAt + Sharing.RemovedNodeGrace, "the old routers went with the grace, not with the new node's write");
        Assert.DoesNotContain(second.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys);
        second.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("new", Router())]), []));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("new"), Propagation);

        // Past the end of the old grace, the new node's data still counts: nothing is dropped.
        var pastGrace = removedAt + Sharing.RemovedNodeGrace + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        var meanwhile = A.Configuration.ReceiveWhile<ProviderConfigurationChanged?>(pastGrace, m => m as ProviderConfigurationChanged);
        Assert.All(meanwhile, m => Assert.True(m!.Config.Routers.ContainsKey("new"), "the new node's configuration was dropped when the old one's grace ended"));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("from-b", Router())]), []));
        var later = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("from-b"), Propagation);
        Assert.Equal(new[] { "from-b", "new" }, later.Config.Routers.Keys);
        Assert.Contains(second.Id, ClusterViewCell.Get(A.System).Current.Nodes.Keys);
    }
}
