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
            await Eventually.TrueAsync(
                async () => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK,
                "the node to serve",
                TimeSpan.FromSeconds(20));

            var slow = Enumerable.Range(0, 4).Select(_ => client.GetAsync("/slow?ms=2000")).ToArray();
            await Eventually.TrueAsync(() => a.Received.Count(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)) == slow.Length, "slow requests at the backend");
            var clock = Stopwatch.StartNew();
            node.SendSigterm();

            await Eventually.TrueAsync(
                async () => (await api.GetAsync("/ping")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "/ping 503",
                TimeSpan.FromSeconds(1));
            var pingTurned = clock.Elapsed;

            foreach (var request in slow)
            {
                using var response = await request;
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("a", await response.Content.ReadAsStringAsync());
            }

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
