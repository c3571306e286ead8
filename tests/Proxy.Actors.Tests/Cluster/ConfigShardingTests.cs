using System.Collections.Immutable;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

public sealed class ConfigShardingTests
{
    private const string Node = "127.0.0.1:4053";

    public static TheoryData<string, ProviderSnapshot[]> Nodes() => new()
    {
        { "no providers", [] },
        { "one empty provider", [Snapshot("file", DynamicConfig.Empty)] },
        { "every field set, with errors and a failed read", [ClusterSamples.Snapshot(ClusterSamples.EveryFieldSet(), readFailed: true) with { Node = Node }] },
        { "every optional field null", [ClusterSamples.Snapshot(ClusterSamples.EveryOptionalFieldNull()) with { Node = Node }] },
        { "every declared field, the tls section included", [Snapshot("file", DeclaredSamples.Of(DeclaredSamples.Fill.Full))] },
        { "1,000 containers", [ClusterSamples.DockerHost(1_000) with { Node = Node }] },
        {
            "two providers sharing object names",
            [
                Snapshot("file", Dynamic(routers: [("web", Router())], services: [("svc", Service("http://127.0.0.1:1"))])),
                Snapshot("docker", Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))], middlewares: [("retry", Retry())])),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void SplitThenJoin_AnyProviders_ReturnsThemUnchangedInProviderOrder(string scenario, ProviderSnapshot[] providers)
    {
        var shards = ConfigSharding.Split(Node, 7, providers);

        var joined = ConfigSharding.Join(shards);

        Assert.True(shards.Length == ConfigSharding.ShardCount, scenario);
        Assert.All(shards, s => Assert.Equal((Node, 7L), (s.Node, s.Version)));
        Assert.Equal(Enumerable.Range(0, ConfigSharding.ShardCount), shards.Select(s => s.Shard));
        StructuralAssert.Equal(providers.OrderBy(p => p.Provider, StringComparer.Ordinal).ToArray(), joined.ToArray());
    }

    [Fact]
    public void Join_ShardsInAnyOrder_ReturnsTheSameProviders()
    {
        var provider = ClusterSamples.DockerHost(200) with { Node = Node };
        var shards = ConfigSharding.Split(Node, 1, [provider]);

        var joined = ConfigSharding.Join(shards.Reverse());

        StructuralAssert.Equal(new[] { provider }, joined.ToArray());
    }

    // Pinned values: FNV-1a, not string.GetHashCode, which differs between processes.
    [Theory]
    [InlineData("", 5)]
    [InlineData("a", 12)]
    [InlineData("web", 1)]
    [InlineData("shop", 9)]
    [InlineData("svc", 13)]
    [InlineData("web-1000-shop", 4)]
    public void ShardOf_Name_IsFnv1aModuloShardCount(string name, int shard)
    {
        Assert.Equal(shard, ConfigSharding.ShardOf(name));
    }

    [Fact]
    public void Split_EveryObject_LandsInTheShardOfItsNameAndNowhereElse()
    {
        var provider = ClusterSamples.DockerHost(1_000) with { Node = Node };
        provider = provider with
        {
            Config = provider.Config with { Middlewares = Dynamic(middlewares: [("retry", Retry()), ("strip", StripPrefix("/a"))]).Middlewares },
        };

        var shards = ConfigSharding.Split(Node, 1, [provider]);

        foreach (var shard in shards)
        {
            var config = shard.Providers.SingleOrDefault()?.Config ?? DynamicConfig.Empty;
            Assert.All(config.Routers.Keys, name => Assert.Equal(shard.Shard, ConfigSharding.ShardOf(name)));
            Assert.All(config.Services.Keys, name => Assert.Equal(shard.Shard, ConfigSharding.ShardOf(name)));
            Assert.All(config.Middlewares.Keys, name => Assert.Equal(shard.Shard, ConfigSharding.ShardOf(name)));
        }

        Assert.Equal(1_000, shards.Sum(s => s.Providers.Sum(p => p.Config.Routers.Count)));
        Assert.Equal(1_000, shards.Sum(s => s.Providers.Sum(p => p.Config.Services.Count)));
        Assert.Equal(2, shards.Sum(s => s.Providers.Sum(p => p.Config.Middlewares.Count)));
        // 1,000 names spread over every shard: no shard is left to carry a large share alone.
        Assert.All(shards, s => Assert.InRange(s.Providers.Sum(p => p.Config.Routers.Count), 30, 100));
    }

    [Fact]
    public void Split_ErrorsAndReadFailed_TravelInShardZeroOnly()
    {
        var error = new ConfigError("docker:web-7", "http.routers.web-7.rule", "unknown matcher 'Hots'");
        var provider = Snapshot("docker", ClusterSamples.DockerHost(100).Config) with { Errors = [error], ReadFailed = true };

        var shards = ConfigSharding.Split(Node, 1, [provider]);

        var head = Assert.Single(shards[0].Providers);
        Assert.Equal(new[] { error }, head.Errors);
        Assert.True(head.ReadFailed);
        Assert.All(shards.Skip(1).SelectMany(s => s.Providers), p =>
        {
            Assert.Empty(p.Errors);
            Assert.False(p.ReadFailed);
        });
        Assert.NotEmpty(shards.Skip(1).SelectMany(s => s.Providers));
    }

    [Fact]
    public void Split_ProviderThatLostEverything_StillAppearsInShardZeroAndJoinsAsEmpty()
    {
        var providers = new[] { Snapshot("docker", DynamicConfig.Empty), Snapshot("file", Dynamic(routers: [("web", Router())])) };

        var shards = ConfigSharding.Split(Node, 2, providers);

        Assert.Equal(new[] { "docker", "file" }, shards[0].Providers.Select(p => p.Provider));
        Assert.DoesNotContain(shards.Skip(1).SelectMany(s => s.Providers), p => p.Provider == "docker");
        var docker = ConfigSharding.Join(shards).Single(p => p.Provider == "docker");
        StructuralAssert.Equal(DynamicConfig.Empty, docker.Config);
    }

    [Fact]
    public void Join_WithoutShardZero_ReturnsNoProviders()
    {
        var shards = ConfigSharding.Split(Node, 1, [ClusterSamples.DockerHost(100) with { Node = Node }]);

        Assert.Empty(ConfigSharding.Join(shards.Skip(1)));
    }

    [Fact]
    public void Join_PiecesOfAProviderShardZeroNoLongerNames_AreDropped()
    {
        // Shard 1 still holds "docker" from before the provider was removed; shard 0 is newer.
        var before = ConfigSharding.Split(Node, 1, [Snapshot("docker", Dynamic(routers: [("web", Router())])), Snapshot("file", DynamicConfig.Empty)]);
        var after = ConfigSharding.Split(Node, 2, [Snapshot("file", DynamicConfig.Empty)]);
        Assert.Equal(1, ConfigSharding.ShardOf("web"));

        var joined = ConfigSharding.Join([after[0], before[1]]);

        Assert.Equal("file", Assert.Single(joined).Provider);
        Assert.Empty(joined[0].Config.Routers);
    }

    [Fact]
    public void Split_ProviderWithTls_OnlyShardZeroCarriesIt()
    {
        var tls = TlsConfig.Empty with { Certificates = [new TlsCertificateConfig("/a.pem", "/a.key", [])] };
        var provider = Snapshot("file", Dynamic(routers: [("web", Router())]) with { Tls = tls });

        var shards = ConfigSharding.Split(Node, 1, [provider]);

        Assert.Equal([0], shards.Where(s => s.Providers.Any(p => p.Config.Tls is not null)).Select(s => s.Shard));
        Assert.Same(tls, Assert.Single(ConfigSharding.Join(shards)).Config.Tls);
    }

    private static ProviderSnapshot Snapshot(string provider, DynamicConfig config) =>
        new(Node, provider, 0, config, ImmutableArray<ConfigError>.Empty, false);
}
