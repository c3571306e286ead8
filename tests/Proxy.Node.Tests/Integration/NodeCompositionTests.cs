using System.Text.Json;
using Proxy.Node.Tests.Observability;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The in-process node is the node users run: a cluster of one whose providers report through the
/// shared configuration, so the retry, failover and header tests exercise the production wiring.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class NodeCompositionTests
{
    [Fact]
    public async Task ClusterMembers_TestNode_ItselfTheOneMemberUp()
    {
        await using var backend = await TestBackend.StartAsync("one", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");

        await Eventually.TrueAsync(async () => await ClusterMembersApi.UpMembersAsync(node.Api) == 1, "the node Up in its cluster of one");
        using var members = JsonDocument.Parse(await node.Api.GetStringAsync("/cluster/members"));
        var member = Assert.Single(members.RootElement.GetProperty("members").EnumerateArray());
        Assert.Equal(members.RootElement.GetProperty("selfNode").GetString(), member.GetProperty("node").GetString());
        Assert.Equal(member.GetProperty("node").GetString(), members.RootElement.GetProperty("leader").GetString());
        // Published by the shared configuration actor: what this member's providers gave the cluster.
        Assert.Equal(JsonValueKind.Object, member.GetProperty("proxy").ValueKind);
    }

    [Fact]
    public async Task Services_TestNodeFileProvider_ServerDiscoveredByItself()
    {
        await using var backend = await TestBackend.StartAsync("one", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");
        var self = new Uri((await ClusterMembersApi.SelfNodeAsync(node.Api)).Replace("akka.tcp://proxy@", "tcp://", StringComparison.Ordinal));

        // Only the shared configuration knows which members' providers declare a server: the file
        // provider's report went through it, not straight to the configuration actor.
        string[] discoveredBy = [];
        await Eventually.TrueAsync(
            async () =>
            {
                using var service = await node.GetApiJsonAsync("/api/http/services/app@file");
                var server = Assert.Single(service.RootElement.GetProperty("servers").EnumerateArray());
                discoveredBy = server.GetProperty("discoveredBy") is { ValueKind: JsonValueKind.Array } nodes
                    ? [.. nodes.EnumerateArray().Select(n => n.GetString()!)]
                    : [];
                return discoveredBy.Length > 0;
            },
            "the server's discoveredBy");
        Assert.Equal([$"{self.Host}:{self.Port}"], discoveredBy);
    }

    [Fact]
    public async Task Metrics_TestNode_CountsItsClusterOfOne()
    {
        await using var backend = await TestBackend.StartAsync("one", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], ["--metrics.prometheus=true"]);

        await Eventually.TrueAsync(
            async () => PrometheusText.Value(await node.Api.GetStringAsync("/metrics"), "proxy_cluster_members", ("status", "up")) == 1,
            "proxy_cluster_members{status=\"up\"} 1");
    }
}
