using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A node that stops without leaving (a killed process) is downed by cluster.hocon's keep-majority
/// resolver; its servers then serve for <see cref="SharingSettings.RemovedNodeGrace"/> and are
/// dropped. Apart from <see cref="SharedConfigRemovalTests"/>: the downing alone takes over 10 s,
/// on the wall clock (Akka's failure detector); the grace after it runs on a fake clock.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigCrashTests : ClusterTestKit
{
    private static readonly SharingSettings Sharing = SharingSettings.Default;

    private readonly FakeTimeProvider _clock;

    public SharedConfigCrashTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SharedConfigCrashTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, Sharing, clock)
    {
        _clock = clock;
    }

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
        AwaitAssert(() => Assert.Contains(C.Id, ClusterViewCell.Get(B.System).Current.Removed.Keys), Propagation);
        _clock.Advance(Sharing.RemovedNodeGrace - TimeSpan.FromMilliseconds(1));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("b-web", Router())]), []));
        var during = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("b-web"), Propagation);
        Assert.True(during.Config.Routers.ContainsKey("c-web"), "dropped before the grace ended");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("c-web"), Propagation);
        Assert.Equal(2, A.Cluster.State.Members.Count);
        await AwaitKeysAsync(KeysOf(A, B), A, B);
    }
}
