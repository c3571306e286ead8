using Akka.Actor;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A shard larger than <see cref="SharingSettings.MaxKeyBytes"/> is not written: the other nodes
/// keep its previous content and this node reports why. The limit is lowered so that 1,000
/// containers' shards (about 8.4 KB each) are over it.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigOversizeTests(ITestOutputHelper output) : ClusterTestKit(output, Sharing)
{
    private static readonly SharingSettings Sharing = SharingSettings.Default with { MaxKeyBytes = 4_000 };

    [Fact]
    public void ProviderChanged_ShardsOverTheLimit_NotWrittenAndReportedOnThisNode()
    {
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("first", Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("first"), Propagation);

        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", ClusterSamples.DockerHost(1_000).Config, []));

        var onA = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.Count == 1_000, Propagation);
        Assert.Equal(ConfigSharding.ShardCount, onA.Errors.Length);
        Assert.All(onA.Errors, e =>
        {
            Assert.Equal("cluster", e.Source);
            Assert.StartsWith($"config/{A.Id}/", e.Path, StringComparison.Ordinal);
            Assert.Contains("over the 4000-byte limit of one replicated key; the other nodes keep its previous content", e.Message, StringComparison.Ordinal);
        });
        // B has A's status of that publication, yet still A's previous configuration.
        var version = ClusterViewCell.Get(A.System).Current.Nodes[A.Id].ConfigVersion;
        AwaitAssert(() => Assert.Equal(version, ClusterViewCell.Get(B.System).Current.Nodes[A.Id].ConfigVersion), Propagation);
        var meanwhile = B.Configuration.ReceiveWhile<ProviderConfigurationChanged?>(TimeSpan.FromSeconds(1), m => m as ProviderConfigurationChanged);
        Assert.All(meanwhile, m => Assert.Equal(new[] { "first" }, m!.Config.Routers.Keys));

        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("second", Router())]), []));

        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("second"), Propagation);
        var recovered = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("second"), Propagation);
        Assert.Empty(recovered.Errors);
    }
}
