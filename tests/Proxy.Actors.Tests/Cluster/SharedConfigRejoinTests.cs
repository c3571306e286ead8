using System.Collections;
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
/// A node restarted on the same address within <see cref="SharingSettings.RemovedNodeGrace"/>
/// (a quick restart) replaces what it wrote before, and keeps counting once that grace is over.
/// The grace runs on a fake clock: however long the others gate the departed address (5 s)
/// before the new incarnation can connect, the rejoin is within the grace until the test
/// advances the clock.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigRejoinTests : ClusterTestKit
{
    private static readonly SharingSettings Sharing = SharingSettings.Default;

    private readonly FakeTimeProvider _clock;

    public SharedConfigRejoinTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SharedConfigRejoinTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, Sharing, clock)
    {
        _clock = clock;
    }

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
        var rejoin = Stopwatch.StartNew();
        var second = StartNode(port);
        AwaitUp(A, B, C, second);
        Output.WriteLine($"A new node on {second.Id} was Up {rejoin.ElapsedMilliseconds:N0} ms after it started");
        Assert.Equal(first.Id, second.Id);

        // The clock has not moved: the old routers go with the new run's join, not with the grace.
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey("old"), Propagation);
        Assert.DoesNotContain(second.Id, ClusterViewCell.Get(A.System).Current.Removed.Keys);
        second.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("new", Router())]), []));
        A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("new"), Propagation);

        // The previous run's keys are deleted at once; the new run's stay.
        await AwaitKeysAsync(KeysOf(A, B, C, second), A, B, C);

        // Past the end of the old grace, the new node's data still counts: nothing is dropped.
        _clock.Advance(Sharing.RemovedNodeGrace + TimeSpan.FromSeconds(1));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("from-b", Router())]), []));
        var meanwhile = new ArrayList();
        var later = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("from-b"), meanwhile, Propagation);
        Assert.All(meanwhile.OfType<ProviderConfigurationChanged>(), m => Assert.True(m.Config.Routers.ContainsKey("new"), "the new node's configuration was dropped when the old one's grace ended"));
        Assert.Equal(new[] { "from-b", "new" }, later.Config.Routers.Keys);
        Assert.Contains(second.Id, ClusterViewCell.Get(A.System).Current.Nodes.Keys);
        await AwaitKeysAsync(KeysOf(A, B, C, second), A);
    }
}
