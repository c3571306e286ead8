using System.Collections;
using System.Diagnostics;
using Akka.Actor;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>What one node's providers discover reaches every node's configuration actor, merged, through real DistributedData.</summary>
[Collection(Name)]
public sealed class SharedConfigReplicationTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private static readonly TimeSpan Replication = TimeSpan.FromSeconds(10);

    [Fact]
    public void ProviderChanged_OnA_ReachesEveryNodeUnchanged()
    {
        var config = Dynamic(
            routers: [("shop", Router(rule: "Host(`shop.example.com`)", service: "shop"))],
            services: [("shop", Service("http://127.0.0.2:8080"))],
            middlewares: [("retry", Retry(attempts: 4))]);

        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", config, []));

        foreach (var node in new[] { A, B, C })
        {
            var received = node.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "docker" && !m.Config.Routers.IsEmpty, Replication);
            StructuralAssert.Equal(config, received.Config);
            Assert.Empty(received.Errors);
        }
    }

    [Fact]
    public void ProviderChanged_SameServiceOnAAndB_CHasBothServers()
    {
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.2:8080"))]), []));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.3:8080"))]), []));

        // C declares nothing: the servers come in the order of the declaring nodes' ids.
        var expected = new[] { (A.Id, "http://127.0.0.2:8080"), (B.Id, "http://127.0.0.3:8080") }
            .OrderBy(s => s.Item1, StringComparer.Ordinal).Select(s => s.Item2);
        var received = C.Configuration.FishForMessage<ProviderConfigurationChanged>(m => Servers(m, "shop").Length == 2, Replication);
        Assert.Equal(expected, Servers(received, "shop"));
        Assert.Empty(received.Errors);
        // A declares one of them: its own server first.
        var onA = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => Servers(m, "shop").Length == 2, Replication);
        Assert.Equal(new[] { "http://127.0.0.2:8080", "http://127.0.0.3:8080" }, Servers(onA, "shop"));
    }

    [Fact]
    public void ProviderChanged_SameServiceOnAAndB_ClusterViewOwnersNameTheDeclaringNode()
    {
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.2:8080"))]), []));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(services: [("shop", Service("http://127.0.0.3:8080"))]), []));

        // The API's discoveredBy on C: each server by the node whose provider declared it.
        AwaitAssert(
            () =>
            {
                var owners = ClusterViewCell.Get(C.System).Current.Owners;
                Assert.Equal([A.Id], owners.GetValueOrDefault("http://127.0.0.2:8080") ?? []);
                Assert.Equal([B.Id], owners.GetValueOrDefault("http://127.0.0.3:8080") ?? []);
            },
            Replication);
    }

    [Fact]
    public async Task ProviderChanged_ThousandContainersOnA_ReachEveryOtherNodeWhole()
    {
        var host = ClusterSamples.DockerHost(1_000);
        var watch = Stopwatch.StartNew();

        A.SharedConfig.Tell(new ProviderConfigurationChanged(host.Provider, host.Config, []));

        var arrivals = await Task.WhenAll(new[] { B, C }.Select(async node =>
        {
            var partial = new ArrayList();
            var received = await node.Configuration.FishForMessageAsync<ProviderConfigurationChanged>(
                m => m.Config.Routers.Count == 1_000 && m.Config.Services.Count == 1_000, partial, Replication);
            var elapsed = watch.Elapsed;
            StructuralAssert.Equal(host.Config, received.Config);
            return (Node: node.Id, Elapsed: elapsed, Partial: partial.Count);
        }));
        foreach (var (node, elapsed, partial) in arrivals)
        {
            Output.WriteLine($"1,000 containers from {A.Id} whole at {node} after {elapsed.TotalMilliseconds:N0} ms ({partial} partial configurations before)");
        }
    }

    [Fact]
    public void ProviderChanged_RouterDefinedDifferentlyOnAAndB_LeftOutWithAnErrorNamingBothNodes()
    {
        A.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("web", Router(rule: "Host(`a.com`)")), ("only-a", Router())]), []));
        B.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("web", Router(rule: "Host(`b.com`)"))]), []));

        var (first, second) = string.CompareOrdinal(A.Id, B.Id) < 0 ? (A.Id, B.Id) : (B.Id, A.Id);
        var onC = C.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "docker" && !m.Errors.IsEmpty, Replication);
        Assert.Equal(
            new[] { new ConfigError($"docker (node {first})", "http.routers.web", $"router 'web' is defined differently by nodes {first} and {second}; the router is left out") },
            onC.Errors);
        Assert.Equal(new[] { "only-a" }, onC.Config.Routers.Keys);
        // On a declaring node the error is its own provider's, and names it first.
        var onA = A.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "docker" && !m.Errors.IsEmpty, Replication);
        Assert.Equal(
            new[] { new ConfigError("docker", "http.routers.web", $"router 'web' is defined differently by nodes {A.Id} and {B.Id}; the router is left out") },
            onA.Errors);
    }

    [Fact]
    public void ProviderFailed_OnlyOnA_AKeepsItsLastConfigOthersSeeTheErrorNamingA()
    {
        var error = new ConfigError("file:/etc/proxy/dynamic.yml", "", "yaml: line 3: did not find expected key");

        A.SharedConfig.Tell(new ProviderConfigurationFailed("file", [error]));

        var onA = A.Configuration.FishForMessage<ProviderConfigurationFailed>(m => m.Provider == "file", Replication);
        Assert.Equal(new[] { error }, onA.Errors);
        var onB = B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Provider == "file", Replication);
        Assert.Equal(new[] { error with { Source = $"file:/etc/proxy/dynamic.yml (node {A.Id})" } }, onB.Errors);
        StructuralAssert.Equal(DynamicConfig.Empty, onB.Config);
    }

    [Fact]
    public void NodeStatus_EveryNode_SeesEveryNodesSources()
    {
        var source = new SourceStatus("docker", "unix:///var/run/docker.sock", true, 12, null);

        B.SharedConfig.Tell(new ProviderSourcesChanged("docker", [source]));

        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(
                () =>
                {
                    var view = ClusterViewCell.Get(node.System).Current;
                    Assert.Equal(new[] { A.Id, B.Id, C.Id }.Order(StringComparer.Ordinal), view.Nodes.Keys);
                    Assert.Equal(new[] { source }, view.Nodes[B.Id].Sources);
                    Assert.Empty(view.Removed);
                },
                Replication);
        }
    }

    private static string?[] Servers(ProviderConfigurationChanged changed, string service) =>
        changed.Config.Services.TryGetValue(service, out var found) ? [.. found.LoadBalancer!.Servers.Select(s => s.Url)] : [];
}
