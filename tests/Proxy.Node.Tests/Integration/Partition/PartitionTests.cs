using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Proxy.Node.Hosting;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Partition;

/// <summary>
/// Three nodes in network namespaces of their own, one of them cut off under load: the two keep
/// serving without a failed request, the split-brain resolver downs the one cut off, whose process
/// exits with <see cref="ExitCodes.Downed"/>; restarted once the link is back (as a supervisor
/// would), it rejoins. What a client beside the cut-off node sees meanwhile is written to the test
/// output, for docs/cluster.md.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class PartitionTests(ITestOutputHelper output)
{
    private const int ApiPort = 8080;
    private const int WebPort = 8000;
    private const int BackendPort = 8081;
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(40);

    [NetnsFact]
    public async Task CutOffNode_UnderLoad_MajorityServesMinorityDownedExitsAndRejoins()
    {
        NetworkLab.Require();
        // Disposed last: the namespaces are deleted once every process inside them is gone.
        using var lab = await NetworkLab.CreateAsync(3);
        var directory = Directory.CreateTempSubdirectory("proxy-it-partition-").FullName;
        var processes = new List<Process>();
        var nodes = new NodeProcess?[4];
        try
        {
            processes.Add(StartBackend(lab, directory));
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, Yaml.SingleRoute(Yaml.Servers($"http://{NetworkLab.BackendAddress}:{BackendPort}")));
            for (var node = 1; node <= 3; node++)
            {
                nodes[node] = StartNode(lab, node, configPath);
            }

            await WaitAsync(async () => await UpMembersAsync(lab, 1) == 3, "three members Up", Formation, nodes);
            for (var node = 1; node <= 3; node++)
            {
                var ns = lab.NodeNamespace(node);
                var url = $"http://{NetworkLab.NodeAddress(node)}:{WebPort}/";
                await WaitAsync(async () => (await NetworkLab.CurlAsync(ns, url, TimeSpan.FromSeconds(5))).Status == 200, $"node {node} serving", Formation, nodes);
            }

            // Load through nodes 1 and 2 from clients inside their namespaces, bounded in time and count.
            var loads = new[] { 1, 2 }.Select(node => NetworkLab.StartIn(
                lab.NodeNamespace(node), "ab", "-t", "40", "-n", "400000", "-c", "2", "-s", "10", "-r",
                $"http://{NetworkLab.NodeAddress(node)}:{WebPort}/")).ToArray();
            processes.AddRange(loads);
            var loadOutputs = loads.Select(l => l.StandardOutput.ReadToEndAsync()).ToArray();
            var loadErrors = loads.Select(l => l.StandardError.ReadToEndAsync()).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(3));

            await lab.CutAsync(3);
            var clock = Stopwatch.StartNew();
            output.WriteLine($"cut node 3 off at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");

            // What a client beside the cut-off node sees, until its process ends: a request started
            // every second (each left to run to its end), and the node's own view.
            var cutOff = nodes[3]!;
            var exit = cutOff.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var ns3 = lab.NodeNamespace(3);
            var requests = new List<Task<string>>();
            while (!exit.IsCompleted)
            {
                requests.Add(RequestThroughAsync(ns3, clock));
                output.WriteLine(await DescribeViewAsync(lab, clock));
                await Task.WhenAny(exit, Task.Delay(1000));
            }

            foreach (var request in requests)
            {
                output.WriteLine(await request);
            }

            int exitCode;
            try
            {
                exitCode = await exit;
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"node 3 still runs {clock.Elapsed} after the cut\n{cutOff.Output}");
                return;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"+{clock.Elapsed.TotalSeconds:F1}s node 3 exited with {exitCode}"));
            Assert.True(exitCode == ExitCodes.Downed, $"node 3 exited with {exitCode}, expected {ExitCodes.Downed}\n{cutOff.Output}");
            await WaitAsync(async () => await MembersAsync(lab, 1) == 2, "node 3 removed from node 1's view", Formation, nodes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"+{clock.Elapsed.TotalSeconds:F1}s node 1 sees two members"));

            for (var i = 0; i < loads.Length; i++)
            {
                await loads[i].WaitForExitAsync();
                var report = await loadOutputs[i] + await loadErrors[i];
                var complete = Count(report, "Complete requests");
                var failed = Count(report, "Failed requests");
                var non2xx = Regex.IsMatch(report, @"Non-2xx responses:\s+[1-9]") ? Count(report, "Non-2xx responses") : 0;
                output.WriteLine($"load through node {i + 1}: {complete} complete, {failed} failed, {non2xx} non-2xx");
                Assert.True(complete > 0 && failed == 0 && non2xx == 0, $"load through node {i + 1}:\n{report}");
            }

            // The link is back; a supervisor restarts the downed node, and it rejoins.
            await lab.RestoreAsync(3);
            var rejoin = Stopwatch.StartNew();
            nodes[3]!.Dispose();
            nodes[3] = StartNode(lab, 3, configPath);
            await WaitAsync(async () => await UpMembersAsync(lab, 1) == 3, "node 3 Up again in node 1's view", Formation, nodes);
            await WaitAsync(async () => (await NetworkLab.CurlAsync(ns3, $"http://{NetworkLab.NodeAddress(3)}:{WebPort}/", TimeSpan.FromSeconds(5))).Status == 200, "node 3 serving again", Formation, nodes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"restarted node 3 Up and serving {rejoin.Elapsed.TotalSeconds:F1}s after its start"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                node?.Dispose();
            }

            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    // Only processes this test started, by their handles.
                    process.Kill();
                    process.WaitForExit(5000);
                }

                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One request through node 3 from inside its namespace, as a client there would send it.</summary>
    private static async Task<string> RequestThroughAsync(string ns, Stopwatch clock)
    {
        var started = clock.Elapsed;
        var (status, seconds, _) = await NetworkLab.CurlAsync(ns, $"http://{NetworkLab.NodeAddress(3)}:{WebPort}/", TimeSpan.FromSeconds(40));
        return string.Create(CultureInfo.InvariantCulture,
            $"request sent to node 3 at +{started.TotalSeconds:F1}s: {(status == 0 ? "no response" : status.ToString(CultureInfo.InvariantCulture))} after {seconds:F2}s");
    }

    /// <summary>Node 3's /ping, /ready, members it sees unreachable, and its verdict on the backend.</summary>
    private static async Task<string> DescribeViewAsync(NetworkLab lab, Stopwatch clock)
    {
        var at = clock.Elapsed;
        var ns = lab.NodeNamespace(3);
        var ping = await NetworkLab.CurlAsync(ns, $"http://127.0.0.1:{ApiPort}/ping", TimeSpan.FromSeconds(2));
        var ready = await NetworkLab.CurlAsync(ns, $"http://127.0.0.1:{ApiPort}/ready", TimeSpan.FromSeconds(2));
        string unreachable, backend;
        try
        {
            using (var members = await MembersJsonAsync(lab, 3))
            {
                unreachable = members.RootElement.GetProperty("unreachable").GetArrayLength().ToString(CultureInfo.InvariantCulture);
            }

            var services = await NetworkLab.CurlAsync(ns, $"http://127.0.0.1:{ApiPort}/api/http/services/app@file", TimeSpan.FromSeconds(2));
            using var service = JsonDocument.Parse(services.Body);
            backend = string.Join(",", service.RootElement.GetProperty("serverStatus").EnumerateObject().Select(p => p.Value.GetString()));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException)
        {
            unreachable = backend = "-";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"+{at.TotalSeconds:F1}s node 3: /ping {ping.Status}; /ready {ready.Status} {ready.Body.Trim()}; unreachable members {unreachable}; backend {backend}");
    }

    private static NodeProcess StartNode(NetworkLab lab, int node, string configPath) =>
        NodeProcess.StartInNamespace(lab.NodeNamespace(node),
        [
            $"--entrypoints.web.address={NetworkLab.NodeAddress(node)}:{WebPort}",
            // Loopback inside the node's namespace: the cluster API is served without a token.
            $"--api.address=127.0.0.1:{ApiPort}",
            $"--cluster.hostname={NetworkLab.NodeAddress(node)}",
            "--cluster.port=4053",
            // Plain TCP off loopback, on purpose: the lab's network namespaces are reached by nothing else.
            "--cluster.insecure=true",
            $"--cluster.seeds={NetworkLab.NodeAddress(1)}:4053",
            $"--providers.file.filename={configPath}",
            "--providers.file.watch=false",
            "--lifecycle.gracetimeout=5s",
        ]);

    /// <summary>nginx in the bridge's namespace, answering every request with a short body.</summary>
    private static Process StartBackend(NetworkLab lab, string directory)
    {
        var conf = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(conf, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/nginx-error.log;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}};
              proxy_temp_path {{directory}};
              fastcgi_temp_path {{directory}};
              uwsgi_temp_path {{directory}};
              scgi_temp_path {{directory}};
              server { listen {{NetworkLab.BackendAddress}}:{{BackendPort}}; location / { return 200 "backend\n"; } }
            }
            """);
        return NetworkLab.StartIn(lab.Bridge, "nginx", "-e", Path.Combine(directory, "nginx-error.log"), "-p", directory, "-c", conf);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, NodeProcess?[] nodes)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            var outputs = string.Join("\n", nodes.Select((n, i) => n is null ? null : $"--- node {i}:\n{Tail(n.Output)}").Where(o => o is not null));
            throw new TimeoutException($"{e.Message}\n{outputs}", e);
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));

    private static async Task<JsonDocument> MembersJsonAsync(NetworkLab lab, int node)
    {
        var (status, _, body) = await NetworkLab.CurlAsync(lab.NodeNamespace(node), $"http://127.0.0.1:{ApiPort}/cluster/members", TimeSpan.FromSeconds(5));
        if (status != 200)
        {
            throw new HttpRequestException($"/cluster/members on node {node}: {status}");
        }

        return JsonDocument.Parse(body);
    }

    private static async Task<int> UpMembersAsync(NetworkLab lab, int node)
    {
        using var document = await MembersJsonAsync(lab, node);
        return document.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    private static async Task<int> MembersAsync(NetworkLab lab, int node)
    {
        using var document = await MembersJsonAsync(lab, node);
        return document.RootElement.GetProperty("members").GetArrayLength();
    }

    private static int Count(string abReport, string field)
    {
        var match = Regex.Match(abReport, Regex.Escape(field) + @":\s+(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }
}
