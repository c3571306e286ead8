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
                    // The CLI asks node 0 to make a member leave: its cluster API must not be read-only.
                    .. i == 0 ? ["--management.readonly=false"] : Array.Empty<string>(),
                ]);
                nodes.Add((process, TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"))));
            }

            foreach (var (_, api) in nodes)
            {
                await Eventually.TrueAsync(async () => await ClusterMembersApi.UpMembersAsync(api) == 3, "three members Up", Formation);
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

            // The CLI reads the same API: three rows, the leader marked.
            var table = await CliAsync("cluster", "members", $"--api=127.0.0.1:{nodes[0].Api.BaseAddress!.Port}");
            Assert.Equal(3, table.Split('\n').Count(line => line.Contains(" Up ", StringComparison.Ordinal)));
            Assert.Contains("leader", table, StringComparison.Ordinal);

            // A member asked to leave through the CLI goes, and its process exits non-zero: it did not
            // choose to leave, and a supervisor restarting it brings a new incarnation back.
            var second = await CliAsync("cluster", "members", "--json", $"--api=127.0.0.1:{nodes[0].Api.BaseAddress!.Port}");
            string leaving;
            using (var members = JsonDocument.Parse(second))
            {
                leaving = members.RootElement.GetProperty("members").EnumerateArray()
                    .Select(m => m.GetProperty("node").GetString()!)
                    .Single(node => !node.EndsWith($":{seedPort}", StringComparison.Ordinal) && node != SelfNode(nodes[2].Api));
            }

            var leaver = nodes.Single(n => SelfNode(n.Api) == leaving);
            Assert.Contains("Leaving", await CliAsync("cluster", "leave", leaving, $"--api=127.0.0.1:{nodes[0].Api.BaseAddress!.Port}"), StringComparison.Ordinal);
            await Eventually.TrueAsync(async () => await ClusterMembersApi.MembersAsync(nodes[0].Api) == 2, "the member asked to leave removed", Formation);
            Assert.Equal(Proxy.Node.Hosting.ExitCodes.Removed, await leaver.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

            nodes[2].Process.SendSigterm();
            Assert.Equal(0, await nodes[2].Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await Eventually.TrueAsync(async () => await ClusterMembersApi.MembersAsync(nodes[0].Api) == 1, "the SIGTERM node removed", Formation);
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

    [Fact]
    public async Task ManagementAddress_WithToken_ClusterRoutesOnlyThereAndOnlyWithTheToken()
    {
        var apiPort = FreePort.Next();
        var managementPort = FreePort.Next();
        using var node = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--management.address=127.0.0.1:{managementPort}",
            "--management.token=s3cret",
        ]);
        using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        using var management = TestNode.NewClient(new Uri($"http://127.0.0.1:{managementPort}"));
        await Eventually.TrueAsync(async () => (await management.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, "/ready without a token", Formation);

        Assert.Equal(HttpStatusCode.Unauthorized, (await management.GetAsync("/cluster/members")).StatusCode);
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/cluster/members") { Headers = { { "Authorization", "Bearer s3cret" } } };
        Assert.Equal(HttpStatusCode.OK, (await management.SendAsync(authorized)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/cluster/members")).StatusCode);
        Assert.Contains(" Up ", await CliAsync("cluster", "members", $"--api=127.0.0.1:{managementPort}", "--token=s3cret"), StringComparison.Ordinal);
    }

    private static string SelfNode(HttpClient api)
    {
        using var document = JsonDocument.Parse(api.GetStringAsync("/cluster/members").GetAwaiter().GetResult());
        return document.RootElement.GetProperty("selfNode").GetString()!;
    }

    /// <summary>Runs the proxy-node binary as the CLI and returns what it printed; it must exit 0.</summary>
    private static async Task<string> CliAsync(params string[] args)
    {
        using var cli = NodeProcess.Start(args);
        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return cli.Output;
    }
}
