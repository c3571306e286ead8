using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ops/compose/proxy-cluster.yml: three proxy nodes, each in a container of this checkout's image (ProxyImage.Tag), form
/// one cluster of three (every node lists the same three members Up), and every node serves the
/// route that nginx-a and nginx-b's labels declare, node 3 (no Docker provider) only by replication.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProxyContainerClusterTests(ITestOutputHelper output)
{
    private static readonly string[] Nodes = ["127.0.0.46", "127.0.0.47", "127.0.0.48"];
    private static readonly string[] Backends = ["127.0.0.44", "127.0.0.45"];
    private static readonly string[] Services = ["proxy-1", "proxy-2", "proxy-3"];
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(90);

    [DockerFact(Timeout = 1_500_000)]
    public async Task ProxyContainerCluster_ThreeNodesUp_OneClusterOfThreeAndEveryNodeServesTheLabelledNginx()
    {
        DockerCli.Require();
        await ProxyImage.EnsureBuiltAsync();
        var clock = Stopwatch.StartNew();
        await using var compose = await ComposeProject.UpAsync("proxy-cluster.yml", await ProxyImage.ComposeEnvironmentAsync());
        var up = clock.Elapsed;
        var apis = Nodes.Select(n => TestNode.NewClient(new Uri($"http://{n}:8041"))).ToArray();
        var webs = Nodes.Select(n => TestNode.NewClient(new Uri($"http://{n}:8040"))).ToArray();
        try
        {
            var expected = Nodes.Select(n => $"@{n}:4040").ToArray();
            var views = new IReadOnlyList<string>[Nodes.Length];
            for (var i = 0; i < Nodes.Length; i++)
            {
                var node = i;
                await EventuallyAsync(compose, async () =>
                    {
                        views[node] = await ClusterMembersApi.UpNodesAsync(apis[node]);
                        return views[node].Count == 3 && expected.All(e => views[node].Any(m => m.EndsWith(e, StringComparison.Ordinal)));
                    },
                    $"node {i + 1} ({Nodes[i]}) to list the three nodes Up");
                output.WriteLine($"node {i + 1} /cluster/members Up: {string.Join(", ", views[i])}");
            }

            var formed = clock.Elapsed;
            Assert.All(views, view => Assert.Equal(views[0], view));

            for (var i = 0; i < Nodes.Length; i++)
            {
                var web = webs[i];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                await EventuallyAsync(compose, async () =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "cluster.localhost" } };
                        using var response = await web.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            seen.Add((await response.Content.ReadAsStringAsync()).Trim());
                        }

                        return seen.SetEquals(Backends);
                    },
                    $"200 from both backends through node {i + 1} ({Nodes[i]})");
            }

            output.WriteLine(
                $"docker-compose up {up.TotalSeconds:F1} s; one cluster of three seen by every node at {formed.TotalSeconds:F1} s; "
                + $"both backends served through every node at {clock.Elapsed.TotalSeconds:F1} s");
            // The health check each node's `healthcheck:` points at its own API address (proxy-node healthcheck).
            foreach (var service in Services)
            {
                await EventuallyAsync(compose, async () => await compose.HealthAsync(service) == "healthy", $"{service}'s health check to pass");
            }

            output.WriteLine($"all three healthy (proxy-node healthcheck) at {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var service in Services)
            {
                output.WriteLine($"{service}: {await ContainerMemory.ReadAsync(compose.Container(service))}");
            }
        }
        finally
        {
            foreach (var client in apis.Concat(webs))
            {
                client.Dispose();
            }
        }
    }

    private static async Task EventuallyAsync(ComposeProject compose, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, Step);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await compose.LogsAsync(30, Services)}", e);
        }
    }
}
