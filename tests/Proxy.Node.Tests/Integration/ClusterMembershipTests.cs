using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Real proxy-node processes forming an Akka cluster through --cluster.seeds, seen through the
/// Akka Management-shaped /cluster/members; a node that gets SIGTERM leaves and exits 0.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterMembershipTests
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Seeds_ThreeNodes_FormOneClusterAndALeavingNodeIsRemoved()
    {
        var seedPort = FreePort.Next();
        var nodes = new List<(NodeProcess Process, HttpClient Api)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var apiPort = FreePort.Next();
                var process = NodeProcess.Start(
                [
                    $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
                    $"--api.address=127.0.0.1:{apiPort}",
                    $"--cluster.port={(i == 0 ? seedPort : 0)}",
                    $"--cluster.seeds=127.0.0.1:{seedPort}",
                    $"--cluster.roles=node{i}",
                ]);
                nodes.Add((process, TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"))));
            }

            foreach (var (_, api) in nodes)
            {
                await Eventually.TrueAsync(async () => await UpMembersAsync(api) == 3, "three members Up", Formation);
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/ready")).StatusCode);
            }

            using (var members = JsonDocument.Parse(await nodes[0].Api.GetStringAsync("/cluster/members")))
            {
                var root = members.RootElement;
                Assert.Equal($"akka.tcp://proxy@127.0.0.1:{seedPort}", root.GetProperty("selfNode").GetString());
                Assert.False(string.IsNullOrEmpty(root.GetProperty("leader").GetString()));
                Assert.Equal(
                    ["node0", "node1", "node2"],
                    root.GetProperty("members").EnumerateArray().SelectMany(m => m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)).Order(StringComparer.Ordinal));
            }

            nodes[2].Process.SendSigterm();
            Assert.Equal(0, await nodes[2].Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await Eventually.TrueAsync(async () => await MembersAsync(nodes[0].Api) == 2, "the leaving node removed", Formation);
        }
        finally
        {
            foreach (var (process, api) in nodes)
            {
                api.Dispose();
                process.Dispose();
            }
        }
    }

    private static async Task<int> UpMembersAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return document.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    private static async Task<int> MembersAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return document.RootElement.GetProperty("members").GetArrayLength();
    }
}
