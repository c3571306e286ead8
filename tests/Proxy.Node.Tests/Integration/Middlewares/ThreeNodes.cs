namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// Three proxy-node processes in one cluster on loopback: the first serves <c>yaml</c> from its file
/// provider, the others what the cluster shares. Real processes, so that a test can SIGKILL one.
/// </summary>
internal sealed class ThreeNodes : IDisposable
{
    private readonly string _directory;

    private ThreeNodes(string directory)
    {
        _directory = directory;
    }

    public sealed record Node(NodeProcess Process, HttpClient Client, HttpClient Api);

    public List<Node> Nodes { get; } = [];

    /// <summary>Each node's cluster address as it gives it (<c>selfNode</c>), in the order of <see cref="Nodes"/>.</summary>
    public List<string> Addresses { get; } = [];

    public static async Task<ThreeNodes> StartAsync(string yaml)
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-three-").FullName;
        var nodes = new ThreeNodes(directory);
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, yaml);
            var seedPort = FreePort.Next();
            for (var i = 0; i < 3; i++)
            {
                var (web, api) = (FreePort.Next(), FreePort.Next());
                string[] provider = i == 0 ? [$"--providers.file.filename={configPath}", "--providers.file.watch=false"] : [];
                var process = NodeProcess.Start(
                [
                    $"--entrypoints.web.address=127.0.0.1:{web}",
                    $"--api.address=127.0.0.1:{api}",
                    $"--cluster.port={(i == 0 ? seedPort : FreePort.Next())}",
                    $"--cluster.seeds=127.0.0.1:{seedPort}",
                    "--log.level=WARN",
                    .. provider,
                ]);
                nodes.Nodes.Add(new Node(process, TestNode.NewClient(new Uri($"http://127.0.0.1:{web}")), TestNode.NewClient(new Uri($"http://127.0.0.1:{api}"))));
            }

            foreach (var node in nodes.Nodes)
            {
                await Eventually.TrueAsync(
                    async () =>
                    {
                        using var response = await node.Client.GetAsync("/open");
                        return response.StatusCode == System.Net.HttpStatusCode.OK && await ClusterMembersApi.UpMembersAsync(node.Api) == 3;
                    },
                    "three members Up, each serving",
                    TimeSpan.FromSeconds(60));
                nodes.Addresses.Add(await ClusterMembersApi.SelfNodeAsync(node.Api));
            }

            return nodes;
        }
        catch (Exception e)
        {
            var output = string.Join("\n---\n", nodes.Nodes.Select(n => n.Process.Output));
            nodes.Dispose();
            throw new InvalidOperationException($"three nodes did not start: {e.Message}\n{output}", e);
        }
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Client.Dispose();
            node.Api.Dispose();
            node.Process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
