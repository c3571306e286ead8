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
        using var node = await FileNodeProcess.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)),
            _ => ["--lifecycle.requestacceptgracetimeout=1s", "--lifecycle.gracetimeout=10s"]);
        var slow = Enumerable.Range(0, 4).Select(_ => node.Client.GetAsync("/slow?ms=2000")).ToArray();
        await Eventually.TrueAsync(() => a.Received.Count(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)) == slow.Length, "slow requests at the backend");
        // Background load across the signal: once listeners close, connections are refused
        // (transport errors), but no request the node accepted may end in an error status.
        var load = LoadRun.Start(node.Client, "/", total: 3000, concurrency: 4, TimeSpan.FromSeconds(3), out var loading);
        await Eventually.TrueAsync(() => load.Completed >= 100, "load before the signal");
        var clock = Stopwatch.StartNew();
        node.Process.SendSigterm();

        var polls = new List<string>();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    polls.Add($"{clock.ElapsedMilliseconds}ms start");
                    var status = (await node.Api.GetAsync("/ping")).StatusCode;
                    polls.Add($"{clock.ElapsedMilliseconds}ms {(int)status}");
                    return status == HttpStatusCode.ServiceUnavailable;
                },
                "/ping 503",
                TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"/ping did not turn 503: {string.Join("; ", polls)}\n{load.Describe()}\n{node.Process.Output}");
        }
        var pingTurned = clock.Elapsed;

        // Within requestAcceptGraceTimeout the entry point still takes new requests.
        var sentAt = clock.Elapsed;
        using (var duringGrace = await node.Client.GetAsync("/"))
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

        var exitCode = await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{node.Process.Output}");
        Assert.True(pingTurned < TimeSpan.FromSeconds(1), $"/ping turned 503 after {pingTurned}");
    }
}
