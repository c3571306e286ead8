using System.Collections.Immutable;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

public sealed class ClusterConfigMergeTests
{
    private const string A = "10.0.0.1:4053";
    private const string B = "10.0.0.2:4053";
    private const string C = "10.0.0.3:4053";

    [Fact]
    public void Merge_SingleNode_ReturnsEachProviderUnchanged()
    {
        var error = new ConfigError("docker:web-7", "http.routers.web-7.rule", "unknown matcher 'Hots'");
        var docker = Snapshot(A, "docker", ClusterSamples.EveryFieldSet(), error);
        var file = Snapshot(A, "file", Dynamic(routers: [("files", Router())]));

        var merged = ClusterConfigMerge.Merge(A, Nodes((A, [docker, file])));

        Assert.Equal(new[] { "docker", "file" }, merged.Keys);
        StructuralAssert.Equal(docker.Config, merged["docker"].Config);
        Assert.Equal(new[] { error }, merged["docker"].Errors);
        StructuralAssert.Equal(file.Config, merged["file"].Config);
        Assert.Empty(merged["file"].Errors);
    }

    [Fact]
    public void Merge_TwoNodesDifferentRouters_BothPresent()
    {
        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "docker", Dynamic(routers: [("shop", Router(rule: "Host(`shop.com`)"))]))]),
            (B, [Snapshot(B, "docker", Dynamic(routers: [("blog", Router(rule: "Host(`blog.com`)"))]))])));

        Assert.Equal(new[] { "blog", "shop" }, merged["docker"].Config.Routers.Keys);
        Assert.Equal("Host(`blog.com`)", merged["docker"].Config.Routers["blog"].Rule);
        Assert.Empty(merged["docker"].Errors);
    }

    [Fact]
    public void Merge_SameObjectNameInDifferentProviders_KeptApart()
    {
        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "file", Dynamic(routers: [("web", Router(rule: "Host(`a.com`)"))]))]),
            (B, [Snapshot(B, "docker", Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))]))])));

        Assert.Equal("Host(`a.com`)", merged["file"].Config.Routers["web"].Rule);
        Assert.Equal("Host(`b.com`)", merged["docker"].Config.Routers["web"].Rule);
        Assert.All(merged.Values, m => Assert.Empty(m.Errors));
    }

    [Fact]
    public void Merge_SameServiceOnTwoNodes_HasTheServersOfBothThisNodesFirst()
    {
        var merged = ClusterConfigMerge.Merge(B, Nodes(
            (A, [Snapshot(A, "docker", Dynamic(services: [("svc", Service("http://172.18.0.2:80"))]))]),
            (B, [Snapshot(B, "docker", Dynamic(services: [("svc", Service("http://172.19.0.2:80", "http://172.19.0.3:80"))]))])));

        Assert.Equal(
            new[] { "http://172.19.0.2:80", "http://172.19.0.3:80", "http://172.18.0.2:80" },
            merged["docker"].Config.Services["svc"].LoadBalancer!.Servers.Select(s => s.Url));
        Assert.Empty(merged["docker"].Errors);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void Merge_SameUrlOnTwoNodes_OneServerDrainingIfEitherSaysSo(bool drainingOnA, bool drainingOnB, bool expected)
    {
        const string url = "http://172.18.0.2:80";

        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "docker", Dynamic(services: [("svc", ServiceOf([new ServerConfig(url, null, drainingOnA)]))]))]),
            (B, [Snapshot(B, "docker", Dynamic(services: [("svc", ServiceOf([new ServerConfig(url, null, drainingOnB)]))]))])));

        var server = Assert.Single(merged["docker"].Config.Services["svc"].LoadBalancer!.Servers);
        Assert.Equal(url, server.Url);
        Assert.Equal(expected, server.Draining);
    }

    [Fact]
    public void Merge_SameRouterDeclaredIdenticallyByTwoNodes_OneRouterNoError()
    {
        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "docker", Dynamic(routers: [("web", Router())]))]),
            (B, [Snapshot(B, "docker", Dynamic(routers: [("web", Router())]))])));

        Assert.Equal("Host(`a.com`)", merged["docker"].Config.Routers["web"].Rule);
        Assert.Empty(merged["docker"].Errors);
    }

    public static TheoryData<string, string, DynamicConfig, DynamicConfig, string, ConfigError> Conflicts() => new()
    {
        {
            "router, seen by a declaring node", A,
            Dynamic(routers: [("web", Router(rule: "Host(`a.com`)"))]),
            Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))]),
            "web",
            new ConfigError("docker", "http.routers.web", $"router 'web' is defined differently by nodes {A} and {B}; the router is left out")
        },
        {
            "router, seen by the other declaring node", B,
            Dynamic(routers: [("web", Router(rule: "Host(`a.com`)"))]),
            Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))]),
            "web",
            new ConfigError("docker", "http.routers.web", $"router 'web' is defined differently by nodes {B} and {A}; the router is left out")
        },
        {
            "router, seen by a third node", C,
            Dynamic(routers: [("web", Router(rule: "Host(`a.com`)"))]),
            Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))]),
            "web",
            new ConfigError($"docker (node {A})", "http.routers.web", $"router 'web' is defined differently by nodes {A} and {B}; the router is left out")
        },
        {
            "service settings", C,
            Dynamic(services: [("svc", new ServiceConfig(new LoadBalancerConfig([new ServerConfig("http://172.18.0.2:80", null)], true, Check(), null)))]),
            Dynamic(services: [("svc", new ServiceConfig(new LoadBalancerConfig([new ServerConfig("http://172.19.0.2:80", null)], false, Check("/ready"), null)))]),
            "svc",
            new ConfigError($"docker (node {A})", "http.services.svc", $"service 'svc' is defined differently by nodes {A} and {B}: healthcheck and passhostheader differ; the service is left out")
        },
        {
            "middleware", A,
            Dynamic(middlewares: [("retry", Retry(attempts: 3))]),
            Dynamic(middlewares: [("retry", Retry(attempts: 5))]),
            "retry",
            new ConfigError("docker", "http.middlewares.retry", $"middleware 'retry' is defined differently by nodes {A} and {B}; the middleware is left out")
        },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void Merge_ObjectDeclaredDifferentlyByTwoNodes_LeftOutWithAnErrorNamingBoth(
        string scenario, string self, DynamicConfig onA, DynamicConfig onB, string name, ConfigError expected)
    {
        var byNode = Nodes((A, [Snapshot(A, "docker", onA)]), (B, [Snapshot(B, "docker", onB)]));
        if (self == C)
        {
            byNode[C] = [];
        }

        var merged = ClusterConfigMerge.Merge(self, byNode)["docker"];

        Assert.Equal(new[] { expected }, merged.Errors);
        Assert.False(merged.Config.Routers.ContainsKey(name) || merged.Config.Services.ContainsKey(name) || merged.Config.Middlewares.ContainsKey(name), scenario);
    }

    [Fact]
    public void Merge_ConflictBetweenTwoOfThreeNodes_NamesOnlyTheTwo()
    {
        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "docker", Dynamic(routers: [("web", Router(rule: "Host(`a.com`)"))]))]),
            (B, [Snapshot(B, "docker", Dynamic(routers: [("other", Router())]))]),
            (C, [Snapshot(C, "docker", Dynamic(routers: [("web", Router(rule: "Host(`c.com`)"))]))])))["docker"];

        var error = Assert.Single(merged.Errors);
        Assert.Equal($"router 'web' is defined differently by nodes {A} and {C}; the router is left out", error.Message);
        Assert.Equal(new[] { "other" }, merged.Config.Routers.Keys);
    }

    [Fact]
    public void Merge_ErrorsOfOtherNodes_NameTheNodeInTheirSource()
    {
        var own = new ConfigError("docker:web-1", "http.routers.web-1.rule", "empty rule");
        var remote = new ConfigError("docker:web-7", "http.routers.web-7.rule", "unknown matcher 'Hots'");

        var merged = ClusterConfigMerge.Merge(A, Nodes(
            (A, [Snapshot(A, "docker", DynamicConfig.Empty, own)]),
            (B, [Snapshot(B, "docker", DynamicConfig.Empty, remote)])));

        Assert.Equal(new[] { own, remote with { Source = $"docker:web-7 (node {B})" } }, merged["docker"].Errors);
    }

    [Fact]
    public void Merge_ProviderOnlyOnAnotherNode_ItsConfigUnchangedAndErrorsAnnotated()
    {
        var remote = new ConfigError("file:/etc/proxy/dynamic.yml", "", "yaml: line 3");
        var config = ClusterSamples.EveryFieldSet();

        var merged = ClusterConfigMerge.Merge(A, Nodes((A, []), (B, [Snapshot(B, "file", config, remote)])));

        StructuralAssert.Equal(config, merged["file"].Config);
        Assert.Equal(new[] { remote with { Source = $"file:/etc/proxy/dynamic.yml (node {B})" } }, merged["file"].Errors);
    }

    [Fact]
    public void Owners_ServerUrlsOfEveryNodeAndProvider_MapToTheNodesDeclaringThem()
    {
        var owners = ClusterConfigMerge.Owners(Nodes(
            (A, [
                Snapshot(A, "docker", Dynamic(services: [("svc", Service("http://shared:80", "http://a:80"))])),
                Snapshot(A, "file", Dynamic(services: [("files", Service("http://file:80")), ("no-lb", new ServiceConfig(null))])),
            ]),
            (B, [Snapshot(B, "docker", Dynamic(services: [("other", Service("http://shared:80"))]))]),
            (C, [])));

        Assert.Equal(
            new[] { "http://a:80 -> 10.0.0.1:4053", "http://file:80 -> 10.0.0.1:4053", "http://shared:80 -> 10.0.0.1:4053,10.0.0.2:4053" },
            owners.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} -> {string.Join(",", o.Value)}"));
    }

    private static Dictionary<string, ImmutableArray<ProviderSnapshot>> Nodes(params (string Node, ProviderSnapshot[] Snapshots)[] nodes) =>
        nodes.ToDictionary(n => n.Node, n => n.Snapshots.ToImmutableArray(), StringComparer.Ordinal);

    private static ProviderSnapshot Snapshot(string node, string provider, DynamicConfig config, params ConfigError[] errors) =>
        new(node, provider, 1, config, [.. errors], false);
}
