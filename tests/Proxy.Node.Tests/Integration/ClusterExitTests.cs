using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A node the cluster ends (downed by an operator here; by the split-brain resolver in the
/// partition test) finishes what it is serving and exits non-zero, so that a
/// supervisor restarts it, instead of staying up as a zombie: /ping 200, configuration frozen.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterExitTests
{
    private const string Token = "exit-test-token";
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Down_SlowRequestInFlight_RequestCompletesProcessExits3OthersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var directory = Directory.CreateTempSubdirectory("proxy-it-exit-").FullName;
        var configPath = Path.Combine(directory, "dynamic.yml");
        await File.WriteAllTextAsync(configPath, Yaml.SingleRoute(Yaml.Servers(backend.Url)));
        var seedPort = FreePort.Next();
        var nodes = new List<(NodeProcess Process, HttpClient Web, HttpClient Api)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var webPort = FreePort.Next();
                var apiPort = FreePort.Next();
                var process = NodeProcess.Start(
                [
                    $"--entrypoints.web.address=127.0.0.1:{webPort}",
                    $"--api.address=127.0.0.1:{apiPort}",
                    $"--cluster.port={(i == 0 ? seedPort : 0)}",
                    $"--cluster.seeds=127.0.0.1:{seedPort}",
                    $"--providers.file.filename={configPath}",
                    "--providers.file.watch=false",
                    $"--management.token={Token}",
                    // /ping answers 503 while the listeners stay open: with no accept grace they close at once.
                    "--lifecycle.requestacceptgracetimeout=2s",
                    "--lifecycle.gracetimeout=10s",
                    "--accesslog=true",
                    $"--accesslog.filepath={Path.Combine(directory, $"access-{i}.log")}",
                ]);
                var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
                api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
                nodes.Add((process, TestNode.NewClient(new Uri($"http://127.0.0.1:{webPort}")), api));
            }

            try
            {
                foreach (var (_, web, api) in nodes)
                {
                    await Eventually.TrueAsync(async () => await ClusterMembersApi.UpMembersAsync(api) == 3, "three members Up", Formation);
                    await Eventually.TrueAsync(async () => (await web.GetAsync("/")).StatusCode == HttpStatusCode.OK, "the route served");
                }
            }
            catch (TimeoutException e)
            {
                // What the nodes printed is the only clue to why they never formed.
                throw new TimeoutException(e.Message + string.Concat(nodes.Select((n, i) => $"\n--- node {i}:\n{n.Process.Output}")), e);
            }

            var downed = nodes[2];
            var slow = downed.Web.GetAsync("/slow?ms=4000");
            await Eventually.TrueAsync(() => backend.Received.Any(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)), "the slow request at the backend");

            var clock = Stopwatch.StartNew();
            using (var down = await nodes[0].Api.PutAsync($"/cluster/members/{Uri.EscapeDataString(await ClusterMembersApi.SelfNodeAsync(downed.Api))}?operation=Down", null))
            {
                Assert.Equal(HttpStatusCode.OK, down.StatusCode);
            }

            // The downed node stops taking new work at once: /ping 503 for a load balancer in front.
            await Eventually.TrueAsync(
                async () => (await downed.Api.GetAsync("/ping")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "/ping 503 on the downed node");

            using (var response = await slow)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("a", await response.Content.ReadAsStringAsync());
            }

            int exitCode;
            try
            {
                exitCode = await downed.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the downed node is still running {clock.Elapsed} after the Down\n{downed.Process.Output}");
                return;
            }

            Assert.True(exitCode == ExitCodes.Downed, $"exit code {exitCode}, expected {ExitCodes.Downed}; output:\n{downed.Process.Output}");
            Assert.Contains("exiting with code 3", downed.Process.Output, StringComparison.Ordinal);
            // The access log was flushed before the exit: the drained request's line is in it.
            Assert.Contains("\"GET /slow?ms=4000 HTTP/1.1\" 200", await File.ReadAllTextAsync(Path.Combine(directory, "access-2.log")), StringComparison.Ordinal);

            // The others keep serving and see two members.
            foreach (var (_, web, api) in nodes.Take(2))
            {
                using var response = await web.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await Eventually.TrueAsync(async () => await ClusterMembersApi.MembersAsync(api) == 2, "the downed node removed", Formation);
            }
        }
        finally
        {
            foreach (var (process, web, api) in nodes)
            {
                web.Dispose();
                api.Dispose();
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}
