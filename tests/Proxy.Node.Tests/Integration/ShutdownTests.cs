using System.Diagnostics;
using System.Net;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_UnderLoad_PingTurns503InFlightCompleteExitCode0()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var directory = Directory.CreateTempSubdirectory("proxy-it-sigterm-").FullName;
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, Yaml.SingleRoute(Yaml.Servers(a.Url)));
            var webPort = FreePort.Next();
            var apiPort = FreePort.Next();
            using var node = NodeProcess.Start(
            [
                $"--entrypoints.web.address=127.0.0.1:{webPort}",
                $"--api.address=127.0.0.1:{apiPort}",
                $"--providers.file.filename={configPath}",
                "--providers.file.watch=false",
                "--lifecycle.requestacceptgracetimeout=1s",
                "--lifecycle.gracetimeout=10s",
            ]);
            using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
            using var client = TestNode.NewClient(new Uri($"http://127.0.0.1:{webPort}"));
            try
            {
                await Eventually.TrueAsync(
                    async () => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK,
                    "the node to serve",
                    TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException e)
            {
                // What the node printed is the only clue to why it never served.
                throw new TimeoutException($"{e.Message}\nnode output:\n{node.Output}", e);
            }

            var slow = Enumerable.Range(0, 4).Select(_ => client.GetAsync("/slow?ms=2000")).ToArray();
            await Eventually.TrueAsync(() => a.Received.Count(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)) == slow.Length, "slow requests at the backend");
            // Background load across the signal: once listeners close, connections are refused
            // (transport errors), but no request the node accepted may end in an error status.
            var load = LoadRun.Start(client, "/", total: 3000, concurrency: 4, TimeSpan.FromSeconds(3), out var loading);
            await Eventually.TrueAsync(() => load.Completed >= 100, "load before the signal");
            var clock = Stopwatch.StartNew();
            node.SendSigterm();

            var polls = new List<string>();
            try
            {
                await Eventually.TrueAsync(
                    async () =>
                    {
                        polls.Add($"{clock.ElapsedMilliseconds}ms start");
                        var status = (await api.GetAsync("/ping")).StatusCode;
                        polls.Add($"{clock.ElapsedMilliseconds}ms {(int)status}");
                        return status == HttpStatusCode.ServiceUnavailable;
                    },
                    "/ping 503",
                    TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"/ping did not turn 503: {string.Join("; ", polls)}\n{load.Describe()}\n{node.Output}");
            }
            var pingTurned = clock.Elapsed;

            // Within requestAcceptGraceTimeout the entry point still takes new requests.
            var sentAt = clock.Elapsed;
            using (var duringGrace = await client.GetAsync("/"))
            {
                if (sentAt < TimeSpan.FromMilliseconds(800))
                {
                    Assert.Equal(HttpStatusCode.OK, duringGrace.StatusCode);
                }
            }

            foreach (var request in slow)
            {
                using var response = await request;
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("a", await response.Content.ReadAsStringAsync());
            }

            await loading;
            Assert.True(load.Statuses.Keys.All(status => status == 200), load.Describe());

            var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{node.Output}");
            Assert.True(pingTurned < TimeSpan.FromSeconds(1), $"/ping turned 503 after {pingTurned}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
