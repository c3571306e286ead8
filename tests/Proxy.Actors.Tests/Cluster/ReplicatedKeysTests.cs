using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// The replicated keys of a node that is gone are deleted: its health report at its removal, its
/// configuration and status once the grace is over; so the key set follows the live members
/// instead of growing with every address a node ever had. The grace runs on a fake clock that the
/// test advances: at the default 30 s, twenty graces would take ten minutes on the wall clock.
/// </summary>
[Collection(Name)]
public sealed class ReplicatedKeysTests : ClusterTestKit
{
    private readonly FakeTimeProvider _clock;

    public ReplicatedKeysTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private ReplicatedKeysTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, SharingSettings.Default, clock)
    {
        _clock = clock;
    }

    /// <summary>
    /// The keys of a run that no member counts and nobody deleted, as when every member that saw
    /// the run left before its grace ended: written here by hand, under a run that never joined.
    /// </summary>
    [Fact]
    public async Task KeysOfARunNoMemberCounts_SweptAfterTwoSweeps_OnEveryNode()
    {
        var gone = new UniqueAddress(new Address("akka.tcp", "proxy", "127.0.0.1", 1), 42);
        var replicator = DistributedData.Get(A.System).Replicator;
        replicator.Tell(ReplicationKeys.Write(ReplicationKeys.Config(gone, 0), new ConfigShard("127.0.0.1:1", 0, 1, []), gone, Propagation));
        replicator.Tell(ReplicationKeys.Write(ReplicationKeys.Status(gone), new NodeStatus("127.0.0.1:1", 1, _clock.GetUtcNow(), []), gone, Propagation));
        replicator.Tell(ReplicationKeys.Write(ReplicationKeys.Health(gone), new NodeHealthReport("127.0.0.1:1", 1, []), gone, Propagation));
        var live = KeysOf(A, B, C);
        await AwaitKeysAsync(live.Union([ReplicationKeys.Config(gone, 0).Id, ReplicationKeys.Status(gone).Id, ReplicationKeys.Health(gone).Id]), A, B, C);

        // Each attempt moves the clock one sweep on; the second sweep that finds them deletes them.
        foreach (var node in new[] { A, B, C })
        {
            await AwaitAssertAsync(
                async () =>
                {
                    _clock.Advance(SharingSettings.Default.RemovedNodeGrace);
                    Assert.Equal([.. live], (await KeysAsync(node)).Order(StringComparer.Ordinal));
                },
                Propagation);
        }
    }

    [Fact]
    public async Task MembersLeave_TwentyInTurn_KeysReturnToTheLiveMembersKeys()
    {
        var live = KeysOf(A, B, C);
        await AwaitKeysAsync(live, A, B, C);

        var joining = TimeSpan.Zero;
        var leaving = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            var node = StartNode();
            AwaitUp(A, B, C, node);
            joining += watch.Elapsed;
            var router = $"web-{i}";
            node.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(router, Router())]), []));
            node.System.EventStream.Publish(new BackendObserved($"http://127.0.0.9:{8000 + i}", ObservedHealth.Ejected, "connection refused", _clock.GetUtcNow().AddMinutes(5)));
            A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(router), Propagation);
            await AwaitKeysAsync(KeysOf(A, B, C, node), A);

            watch.Restart();
            await LeaveAsync(node);
            foreach (var survivor in new[] { A, B, C })
            {
                AwaitAssert(() => Assert.Contains(node.Id, ClusterViewCell.Get(survivor.System).Current.Removed.Keys), Propagation);
            }

            leaving += watch.Elapsed;

            _clock.Advance(SharingSettings.Default.RemovedNodeGrace);
            A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => !m.Config.Routers.ContainsKey(router), Propagation);
        }

        await AwaitKeysAsync(live, A, B, C);
        Output.WriteLine($"after 20 nodes joined and left: {live.Count} keys on each node, {RunKeys.All(A.Cluster.SelfUniqueAddress).Count()} per live member; "
            + $"joining took {joining.TotalSeconds:N1} s in all, leaving until removed everywhere {leaving.TotalSeconds:N1} s, the 20 graces none");
    }
}
