using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ops/compose/cluster.yml as an operator runs it: three proxy-node containers (nodes 1 and 2 watch
/// Docker, node 3 nothing) and two nginx backends. The cluster forms, every node serves the route
/// the Docker-watching nodes discovered, and stopping node 1 (the seed, and the leader) costs none of
/// the requests that go through the other two meanwhile.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterComposeTests(ITestOutputHelper output)
{
    private const string Host = "cluster.localhost";
    private const int Concurrency = 4;
    private static readonly string[] Backends = ["127.0.0.44", "127.0.0.45"];
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    /// <summary>The node containers' addresses; web, API and cluster ports as in the compose file.</summary>
    private static readonly string[] Nodes = ["127.0.0.41", "127.0.0.42", "127.0.0.43"];

    [DockerFact(Timeout = 180_000)]
    public async Task ClusterCompose_SeedStoppedUnderLoadThroughTheOtherTwo_EveryNodeServesAndNoRequestFails()
    {
        DockerCli.Require();
        var clock = Stopwatch.StartNew();
        // The nodes run the build the test was built with, not the Release build the file defaults to.
        var environment = new Dictionary<string, string> { ["PROXY_NODE_BUILD"] = NodeBuildOutput() };
        await using var compose = await ComposeProject.UpAsync("cluster.yml", environment);
        var apis = Nodes.Select(n => TestNode.NewClient(new Uri($"http://{n}:8041"))).ToArray();
        var webs = Nodes.Select(n => WebClient($"http://{n}:8040")).ToArray();
        // Bounds the load in time whatever happens; cancelled once the stop is over.
        using var stopLoad = new CancellationTokenSource(Step);
        Load[] loads = [];
        try
        {
            var up = clock.Elapsed;
            await EventuallyAsync(compose, async () => await MembersAsync(apis[2]) is var (members, _)
                    && members.Count == 3 && members.All(m => m.Status == "Up")
                    && members[0].DockerHosts == 1 && members[1].DockerHosts == 1 && members[2].DockerHosts == 0,
                "node 3 to show three members Up, nodes 1 and 2 each with its Docker host connected and node 3 with none");
            var formed = clock.Elapsed;

            // Node 3 has no provider: what it routes, nodes 1 and 2 replicated to it.
            for (var i = 0; i < Nodes.Length; i++)
            {
                var web = webs[i];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                await EventuallyAsync(compose, async () =>
                    {
                        using var response = await web.GetAsync("/");
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            seen.Add((await response.Content.ReadAsStringAsync()).Trim());
                        }

                        return seen.SetEquals(Backends);
                    },
                    $"200 from both backends through node {i + 1} ({Nodes[i]})");
            }

            var routed = clock.Elapsed;

            // Load through nodes 2 and 3 from before the stop until node 3 has seen node 1 leave, and
            // a little beyond.
            loads = [Load.Start(webs[1], Concurrency, 200_000, stopLoad.Token), Load.Start(webs[2], Concurrency, 200_000, stopLoad.Token)];
            await Eventually.TrueAsync(() => loads.All(l => l.Completed >= 200), "load through nodes 2 and 3 to be running", Step);
            var beforeStop = loads.Select(l => l.Completed).ToArray();
            var stopping = Stopwatch.StartNew();
            await compose.StopAsync("proxy-1");
            var stopTook = stopping.Elapsed;
            var afterStop = loads.Select(l => l.Completed).ToArray();
            var exitCode = (await DockerCli.DockerAsync("inspect", "--format", "{{.State.ExitCode}}", compose.Container("proxy-1"))).Trim();
            await EventuallyAsync(compose, async () => await MembersAsync(apis[2]) is var (members, removed)
                    && members.Count == 2 && members.All(m => m.Status == "Up" && !m.Node.EndsWith($"@{Nodes[0]}:4040", StringComparison.Ordinal))
                    && removed.Contains($"{Nodes[0]}:4040"),
                "node 3 to show node 1 removed (its servers in the removed grace) and nodes 2 and 3 Up");
            var afterRemoval = loads.Select(l => l.Completed).ToArray();
            await Eventually.TrueAsync(
                () => stopLoad.IsCancellationRequested || loads.Select((l, i) => l.Completed >= afterRemoval[i] + 200).All(b => b),
                "load to go on after node 1's removal",
                Step);
            var stillRunning = !stopLoad.IsCancellationRequested;
            await stopLoad.CancelAsync();
            await Task.WhenAll(loads.Select(l => l.Running));

            output.WriteLine($"up {up.TotalSeconds:F1} s, three members Up at {formed.TotalSeconds:F1} s, routed through all three at {routed.TotalSeconds:F1} s");
            output.WriteLine($"docker-compose stop proxy-1: {stopTook.TotalSeconds:F1} s, exit code {exitCode}");
            for (var i = 0; i < loads.Length; i++)
            {
                output.WriteLine($"through node {i + 2}: {loads[i].Describe()}; {beforeStop[i]} before the stop, {afterStop[i]} when it returned, {afterRemoval[i]} when node 3 showed node 1 removed");
            }

            Assert.True(stillRunning, "the load hit its time bound before node 1's removal was seen; the stop did not happen under load");
            Assert.True(exitCode == "0", $"proxy-1 exited with {exitCode}, not 0: its graceful stop did not finish within stop_grace_period\n{await LogsAsync(compose)}");
            foreach (var (load, i) in loads.Select((l, i) => (l, i)))
            {
                Assert.True(afterStop[i] > beforeStop[i], $"no request through node {i + 2} completed while proxy-1 was being stopped");
                Assert.True(load.Failures.IsEmpty, $"through node {i + 2}: {load.Describe()}\n{await LogsAsync(compose)}");
            }
        }
        finally
        {
            // The clients finish (a request once sent is waited for) before they are disposed.
            await stopLoad.CancelAsync();
            await Task.WhenAll(loads.Select(l => l.Running));
            foreach (var client in apis.Concat(webs))
            {
                client.Dispose();
            }

            output.WriteLine($"total with teardown still to come: {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>The node's build output beside the test's: Proxy.Node/bin/&lt;Configuration&gt;/&lt;framework&gt;.</summary>
    private static string NodeBuildOutput()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var dll = ComposeProject.RepoFile(Path.Combine("Proxy.Node", "bin", testDirectory.Parent!.Name, testDirectory.Name, "proxy-node.dll"));
        return Path.GetDirectoryName(dll)!;
    }

    private static HttpClient WebClient(string url)
    {
        var client = TestNode.NewClient(new Uri(url));
        client.DefaultRequestHeaders.Host = Host;
        return client;
    }

    /// <summary>
    /// /cluster/members of one node: the members in address order, each with how many Docker hosts its
    /// provider has connected (-1 while its proxy view has not arrived), and the removed nodes whose
    /// servers still serve.
    /// </summary>
    private static async Task<(List<(string Node, string Status, int DockerHosts)> Members, HashSet<string> Removed)> MembersAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        var root = document.RootElement;
        var members = root.GetProperty("members").EnumerateArray()
            .Select(m => (
                Node: m.GetProperty("node").GetString()!,
                Status: m.GetProperty("status").GetString()!,
                DockerHosts: m.TryGetProperty("proxy", out var proxy) && proxy.ValueKind == JsonValueKind.Object
                    ? proxy.GetProperty("dockerHosts").EnumerateArray().Count(h => h.GetProperty("connected").GetBoolean())
                    : -1))
            .OrderBy(m => m.Node, StringComparer.Ordinal)
            .ToList();
        var removed = root.GetProperty("removed").EnumerateArray().Select(r => r.GetProperty("node").GetString()!).ToHashSet(StringComparer.Ordinal);
        return (members, removed);
    }

    /// <summary>Waits for a condition, with the nodes' last log lines in the failure if it never holds.</summary>
    private static async Task EventuallyAsync(ComposeProject compose, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, Step);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await LogsAsync(compose)}", e);
        }
    }

    private static Task<string> LogsAsync(ComposeProject compose) => compose.LogsAsync(30, "proxy-1", "proxy-2", "proxy-3");

    /// <summary>
    /// Closed-loop clients through one node until told to stop or <c>max</c> requests are done. Any
    /// status but 200, any transport error and any body that names no backend is a failure.
    /// </summary>
    private sealed class Load
    {
        private int _completed;
        private int _issued;

        private Load()
        {
        }

        public int Completed => Volatile.Read(ref _completed);

        public ConcurrentQueue<string> Failures { get; } = new();

        public Task Running { get; private set; } = Task.CompletedTask;

        public static Load Start(HttpClient client, int concurrency, int max, CancellationToken stop)
        {
            var load = new Load();
            load.Running = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => load.WorkerAsync(client, max, stop))));
            return load;
        }

        public string Describe() =>
            $"{Completed} requests, {Failures.Count} failed{(Failures.IsEmpty ? string.Empty : ": " + string.Join(" | ", Failures.Take(5)))}";

        private async Task WorkerAsync(HttpClient client, int max, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref _issued) <= max)
            {
                try
                {
                    // Not cancelled by stop: a request once sent is always waited for and counted.
                    using var response = await client.GetAsync("/");
                    var body = (await response.Content.ReadAsStringAsync()).Trim();
                    if (response.StatusCode != HttpStatusCode.OK || !Backends.Contains(body))
                    {
                        Failures.Enqueue($"{(int)response.StatusCode} {body}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    Failures.Enqueue(ex.GetBaseException().Message);
                }

                Interlocked.Increment(ref _completed);
            }
        }
    }
}
