using System.Diagnostics;
using Akka.Actor;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A node that stops without leaving (a killed process) is downed by cluster.hocon's keep-majority
/// resolver; its servers then serve for <see cref="SharingSettings.RemovedNodeGrace"/> and are
/// dropped. Apart from <see cref="SharedConfigRemovalTests"/>: the downing alone takes over 10 s.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigCrashTests(ITestOutputHelper output) : ClusterTestKit(output, Sharing)
{
    private static readonly SharingSettings Sharing = SharingSettings.Default with { RemovedNodeGrace = TimeSpan.FromSeconds(3) };

    // An unreachable node is downed after the failure detector's pause and cluster.hocon's stable-after (7 s).
    private static readonly TimeSpan Downing = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task MemberCrashed_DownedByKeepMajority_ItsServersDroppedWhenTheGraceEnds()
    {
        C.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("c-web", Router())]), []));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("c-web"), Propagation);
        var crash = Stopwatch.StartNew();

        // No leave: the system stops as a killed process would, and the survivors must down it.
        await C.System.Terminate().WaitAsync(Propagation);

        AwaitAssert(() => Assert.Contains(C.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys), Downing);
        Output.WriteLine($"C downed by keep-majority and removed {crash.ElapsedMilliseconds:N0} ms after it stopped");
        var removedAt = ClusterViewCell.Get(A.System).Current.Removed[C.Id];
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("c-web"), Sharing.RemovedNodeGrace + Propagation);
        Assert.True(DateTimeOffset.UtcNow - removedAt >= Sharing.RemovedNodeGrace, "dropped before the grace ended");
        Assert.Equal(2, A.Cluster.State.Members.Count);
    }
}
