using Akka.Actor;
using Akka.DistributedData;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A rolling upgrade: a node of another build writes its configuration in a format this node does not
/// read. The payload is written under the writer's key as a newer build would write it; B must not
/// misread it, keep serving what it had of that key, and say so (configuration errors, cluster view,
/// log), until the writer writes a format B reads, restarts or is forgotten. Removal graces run on a
/// fake clock the tests advance.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigFormatTests : ClusterTestKit
{
    private const string First = "first";

    private static readonly SharingSettings Sharing = SharingSettings.Default;

    /// <summary>A restarted node may wait for the others' remoting to stop gating its address (5 s) under load.</summary>
    private static readonly TimeSpan AfterRejoin = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _clock;

    public SharedConfigFormatTests(ITestOutputHelper output)
        : this(output, new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SharedConfigFormatTests(ITestOutputHelper output, FakeTimeProvider clock)
        : base(output, Sharing, clock)
    {
        _clock = clock;
    }

    [Fact]
    public void ShardInANewerFormat_KeptWhatItHadAndReported_AppliedAgainOnceReadable()
    {
        var second = Enumerable.Range(0, 1_000).Select(i => $"second-{i}").First(n => ConfigSharding.ShardOf(n) == ConfigSharding.ShardOf(First));
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(First, Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(First), Propagation);

        var key = WriteNewerFormat(A);

        var refused = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Errors.Any(e => e.Path == key.Id), Propagation);
        Assert.Contains(First, refused.Config.Routers.Keys);
        var error = Assert.Single(refused.Errors, e => e.Path == key.Id);
        Assert.Equal("cluster", error.Source);
        Assert.Equal(
            $"not applied: node {A.Id} wrote it in a format this node does not read (configuration format {ConfigWireFormat.Version + 1} (0x04030201) is newer than format {ConfigWireFormat.Version} ({ConfigWireFormat.Hex(ConfigWireFormat.Fingerprint)}), the one this node reads); this node keeps serving what it had of it",
            error.Message);
        AwaitAssert(
            () => Assert.StartsWith($"1 of its {ConfigSharding.ShardCount} configuration shards not applied: configuration format {ConfigWireFormat.Version + 1}", ClusterViewCell.Get(B.System).Current.Refused[A.Id], StringComparison.Ordinal),
            Propagation);

        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(second, Router())]), []));

        var recovered = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(second), Propagation);
        Assert.DoesNotContain(First, recovered.Config.Routers.Keys);
        Assert.DoesNotContain(recovered.Errors, e => e.Path == key.Id);
        AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(B.System).Current.Refused), Propagation);
    }

    [Fact]
    public async Task RefusingWriterForgottenAfterItsGrace_RefusalLeavesEveryProvider()
    {
        B.SharedConfig.Tell(new ProviderConfigurationChanged("file", Dynamic(routers: [("b-only", Router())]), []));
        C.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(First, Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(First), Propagation);
        var key = WriteNewerFormat(C);
        // The refusal is an error of every provider, the one only B has too.
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "file" && m.Errors.Any(e => e.Path == key.Id), Propagation);

        await LeaveAsync(C);
        AwaitAssert(() => Assert.Contains(C.Id, ClusterViewCell.Get(B.System).Current.Removed.Keys), Propagation);
        _clock.Advance(Sharing.RemovedNodeGrace);

        var after = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "file" && m.Errors.All(e => e.Path != key.Id), Propagation);
        Assert.Contains("b-only", after.Config.Routers.Keys);
        AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(B.System).Current.Refused), Propagation);
    }

    [Fact]
    public async Task RefusingWriterRestartedOnTheSameAddress_RefusalLeavesEveryProvider()
    {
        var port = FreePort();
        var writer = StartNode(port);
        AwaitUp(A, B, C, writer);
        B.SharedConfig.Tell(new ProviderConfigurationChanged("file", Dynamic(routers: [("b-only", Router())]), []));
        writer.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(First, Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(First), Propagation);
        var key = WriteNewerFormat(writer);
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "file" && m.Errors.Any(e => e.Path == key.Id), Propagation);

        // Killed and restarted at once, on a build B reads: its refused key belonged to the previous run.
        await writer.System.Terminate().WaitAsync(Propagation);
        var restarted = StartNode(port);
        AwaitUp(A, B, C, restarted);

        var after = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "file" && m.Errors.All(e => e.Path != key.Id), AfterRejoin);
        Assert.Contains("b-only", after.Config.Routers.Keys);
        AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(B.System).Current.Refused), Propagation);
    }

    [Fact]
    public async Task NodeRestartedOnABuildThisNodeDoesNotRead_ItsPreviousRunsShardKeepsServing()
    {
        var port = FreePort();
        var old = StartNode(port);
        AwaitUp(A, B, C, old);
        old.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(First, Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(First), Propagation);

        // The usual rolling upgrade: the same address restarted on a newer build, which writes
        // every shard in its own format.
        await old.System.Terminate().WaitAsync(Propagation);
        var upgraded = StartBareNode(port);
        AwaitUp(A, B, C, upgraded);
        foreach (var shard in Enumerable.Range(0, ConfigSharding.ShardCount))
        {
            WriteNewerFormat(upgraded, shard);
        }

        var key = ReplicationKeys.Config(upgraded.Cluster.SelfUniqueAddress, ConfigSharding.ShardOf(First));

        var kept = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Errors.Any(e => e.Path == key.Id), AfterRejoin);
        Assert.Contains(First, kept.Config.Routers.Keys);
        Assert.Contains(upgraded.Id, ClusterViewCell.Get(B.System).Current.Refused.Keys);
    }

    /// <summary>Writes, under <paramref name="writer"/>'s key of <paramref name="shard"/> (by default <see cref="First"/>'s), a payload of the next format, as a newer build would.</summary>
    private static LWWRegisterKey<ConfigShard> WriteNewerFormat(SharingNode writer, int? shard = null)
    {
        var key = ReplicationKeys.Config(writer.Cluster.SelfUniqueAddress, shard ?? ConfigSharding.ShardOf(First));
        byte[] payload = [ConfigWireFormat.Version + 1, 1, 2, 3, 4, 42];
        var newer = ConfigShard.Unread(new RefusedConfig(ConfigWireFormat.Refusal(payload[0], 0x04030201)!, [.. payload]));
        DistributedData.Get(writer.System).Replicator.Tell(ReplicationKeys.Write(key, newer, writer.Cluster.SelfUniqueAddress, TimeSpan.FromSeconds(3)));
        return key;
    }
}
