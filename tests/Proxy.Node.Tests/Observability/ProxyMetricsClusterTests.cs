using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Proxy.Node.Observability;
using Prometheus;

namespace Proxy.Node.Tests.Observability;

public sealed class ProxyMetricsClusterTests
{
    [Fact]
    public async Task Scrape_ClusterNodeWithDockerSources_ConnectedPerEndpointAndMembers()
    {
        var system = ActorSystem.Create("metrics-test", ConfigurationFactory.ParseString(
            "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.hostname = 127.0.0.1\nakka.remote.dot-netty.tcp.port = 0\nakka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\nakka.coordinated-shutdown.exit-clr = off\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off"));
        try
        {
            var self = ClusterNode.Id(Akka.Cluster.Cluster.Get(system).SelfAddress);
            var status = new NodeStatus(self, 1, DateTimeOffset.UtcNow,
            [
                new SourceStatus("docker", "unix:///var/run/docker.sock", true, 3, null),
                new SourceStatus("docker", "tcp://127.0.0.1:2375", false, 0, "refused"),
                new SourceStatus("file", "/etc/dynamic.yml", true, 2, null),
            ]);
            ClusterViewCell.Get(system).Publish(ClusterView.Empty with
            {
                Nodes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(self, status)]),
            });
            var metrics = new ProxyMetrics(new SnapshotCell(), system);

            using var stream = new MemoryStream();
            await metrics.Registry.CollectAndExportAsTextAsync(stream);
            var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

            Assert.Equal(1, PrometheusText.Value(text, "proxy_docker_provider_connected", ("endpoint", "unix:///var/run/docker.sock")));
            Assert.Equal(0, PrometheusText.Value(text, "proxy_docker_provider_connected", ("endpoint", "tcp://127.0.0.1:2375")));
            Assert.DoesNotContain("/etc/dynamic.yml", text, StringComparison.Ordinal);
            Assert.Contains("proxy_cluster_members{status=\"up\"}", text, StringComparison.Ordinal);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
