using Akka.Actor;
using Akka.DistributedData;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A rolling upgrade: a node of another build writes its configuration in a format this node does not
/// read. The payload is written under A's key as a newer build would write it; B must not misread it,
/// keep serving what it had of that key, and say so (configuration errors, cluster view, log).
/// </summary>
[Collection(Name)]
public sealed class SharedConfigFormatTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public void ShardInANewerFormat_KeptWhatItHadAndReported_AppliedAgainOnceReadable()
    {
        const string first = "first";
        var second = Enumerable.Range(0, 1_000).Select(i => $"second-{i}").First(n => ConfigSharding.ShardOf(n) == ConfigSharding.ShardOf(first));
        var key = ReplicationKeys.Config(A.Cluster.SelfUniqueAddress, ConfigSharding.ShardOf(first));
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(first, Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(first), Propagation);

        byte[] payload = [ConfigWireFormat.Version + 1, 1, 2, 3, 4, 42];
        var newer = ConfigShard.Unread(new RefusedConfig(payload[0], 0x04030201, "as a newer build writes it", [.. payload]));
        DistributedData.Get(A.System).Replicator.Tell(ReplicationKeys.Write(key, newer, A.Cluster.SelfUniqueAddress, TimeSpan.FromSeconds(3)));

        var refused = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Errors.Any(e => e.Path == key.Id), Propagation);
        Assert.Contains(first, refused.Config.Routers.Keys);
        var error = Assert.Single(refused.Errors, e => e.Path == key.Id);
        Assert.Equal("cluster", error.Source);
        Assert.Contains(
            $"not applied: node {A.Id} wrote it in configuration format {ConfigWireFormat.Version + 1} (0x04030201) is newer than format {ConfigWireFormat.Version}",
            error.Message,
            StringComparison.Ordinal);
        AwaitAssert(
            () => Assert.StartsWith($"1 of its {ConfigSharding.ShardCount} configuration shards not applied: configuration format {ConfigWireFormat.Version + 1}", ClusterViewCell.Get(B.System).Current.Refused[A.Id], StringComparison.Ordinal),
            Propagation);

        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [(second, Router())]), []));

        var recovered = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey(second), Propagation);
        Assert.DoesNotContain(first, recovered.Config.Routers.Keys);
        Assert.DoesNotContain(recovered.Errors, e => e.Path == key.Id);
        AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(B.System).Current.Refused), Propagation);
    }
}
