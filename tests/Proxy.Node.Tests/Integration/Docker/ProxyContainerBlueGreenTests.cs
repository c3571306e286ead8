using System.Diagnostics;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ops/compose/proxy-blue-green.yml as an operator runs it: the proxy in its own container
/// (the image of this checkout, ProxyImage.Tag, the Docker socket mounted read-only), nginx-blue and nginx-green under Traefik
/// labels. ab pulls the 1 MiB file through the proxy container while blue and then green are stopped
/// and started with docker-compose, ten runs in a row; not one request may fail in any of them. The
/// proxy container's peak memory (its cgroup's) is printed beside each run.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProxyContainerBlueGreenTests(ITestOutputHelper output)
{
    private const int Runs = 10;
    private const int Requests = 10_000;
    private const int Concurrency = 100;
    private const string Service = "web@docker";
    private const string Web = "http://127.0.0.30:8030";
    private const string Blue = "http://127.0.0.31:8080";
    private const string Green = "http://127.0.0.32:8080";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SlowStop = TimeSpan.FromSeconds(5);

    [DockerFact(Timeout = 1_800_000)]
    public async Task ProxyContainer_BlueThenGreenStoppedAndStartedUnderAbTenTimes_NoFailedOrNon2xxRequest()
    {
        DockerCli.Require();
        await ProxyImage.EnsureBuiltAsync();
        await using var compose = await ComposeProject.UpAsync("proxy-blue-green.yml", await ProxyImage.ComposeEnvironmentAsync());
        var proxy = compose.Container("proxy");
        using var api = TestNode.NewClient(new Uri("http://127.0.0.30:8031"));
        await EventuallyAsync(compose, async () => await RoutingApi.RouterStatusAsync(api, Service) == "enabled", $"router {Service} enabled");
        await ServersAsync(compose, api, [Blue, Green]);
        await EventuallyAsync(compose, async () => await compose.HealthAsync("proxy") == "healthy", "the proxy container's health check (proxy-node healthcheck) to pass");
        output.WriteLine($"proxy container {proxy} healthy; before the first run: {await ContainerMemory.ReadAsync(proxy)}");

        var results = new List<(AbSummary Summary, bool StopsUnderLoad, int CompletedAtLastChange, TimeSpan Took, ContainerMemory Memory)>();
        var all = Stopwatch.StartNew();
        for (var run = 1; run <= Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            using var ab = AbRun.Start(Requests, Concurrency, "localhost", $"{Web}/1m.bin");
            // ab reports progress every tenth of the run: the first change once the proxy has served a
            // thousand, each next one once the previous is in the proxy's view, so that green is never
            // stopped while blue is not a server again (that would test an empty service, not a deployment).
            await ab.WaitForCompletedAsync(1_000, Step);
            var changes = new List<string>();
            var blueStoppedAt = await StopAsync(changes, compose, api, ab, "nginx-blue", Blue, [Green]);
            await StartAsync(changes, compose, api, ab, "nginx-blue");
            var greenStoppedAt = await StopAsync(changes, compose, api, ab, "nginx-green", Green, [Blue]);
            await StartAsync(changes, compose, api, ab, "nginx-green");
            var completedAtLastChange = ab.Completed;

            var summary = await ab.WaitForExitAsync(TimeSpan.FromSeconds(300));
            var memory = await ContainerMemory.ReadAsync(proxy);
            results.Add((summary, Math.Max(blueStoppedAt, greenStoppedAt) < Requests, completedAtLastChange, clock.Elapsed, memory));
            output.WriteLine(
                $"run {run}: {summary.Complete} complete, {summary.Failed} failed, {summary.Non2xx} non-2xx, "
                + $"{summary.RequestsPerSecond:F0} req/s, {clock.Elapsed.TotalSeconds:F1} s; "
                + $"ab had done {completedAtLastChange} when green was back; proxy container {memory}");
            output.WriteLine($"  {string.Join("\n  ", changes)}");
            if (summary.Failed != 0 || summary.Non2xx != 0 || summary.ExitCode != 0)
            {
                // The first bad run ends the test: its report and the proxy's log are what a reader needs.
                output.WriteLine(summary.Report);
                break;
            }
        }

        output.WriteLine(
            $"{results.Count} runs of ab -n {Requests} -c {Concurrency} /1m.bin in {all.Elapsed.TotalSeconds:F0} s; "
            + $"proxy container peak memory {ContainerMemory.MiB(results.Max(r => r.Memory.PeakBytes))} ({results[^1].Memory.Source})");

        var context = $"{results[^1].Summary.Report}\n{await compose.LogsAsync(40, "proxy")}";
        for (var i = 0; i < results.Count; i++)
        {
            var (summary, stopsUnderLoad, _, _, _) = results[i];
            Assert.True(summary.ExitCode == 0, $"run {i + 1}: ab exited with {summary.ExitCode}\n{context}");
            Assert.True(summary.Complete == Requests, $"run {i + 1}: complete requests {summary.Complete}, expected {Requests}\n{context}");
            Assert.True(summary.Failed == 0, $"run {i + 1}: failed requests {summary.Failed}\n{context}");
            Assert.True(summary.Non2xx == 0, $"run {i + 1}: non-2xx responses {summary.Non2xx}\n{context}");
            Assert.True(stopsUnderLoad, $"run {i + 1}: ab had finished before a colour was stopped; the stops did not happen under load");
        }

        Assert.Equal(Runs, results.Count);
    }

    /// <summary>
    /// Stops a colour with docker-compose while ab runs and waits until the proxy's API shows only the other
    /// colour. Returns where ab stood when the stop was issued. Prints how long the stop took, nginx's exit
    /// code (0: it quit on SIGQUIT; 137: Docker killed it at the end of stop_grace_period) and, for a stop
    /// still running after <see cref="SlowStop"/>, the TCP connections to that nginx at that moment and its
    /// last log lines: what kept it from quitting.
    /// </summary>
    private static async Task<int> StopAsync(
        List<string> changes, ComposeProject compose, HttpClient api, AbRun ab, string service, string url, string[] remaining)
    {
        var issuedAt = ab.Completed;
        var clock = Stopwatch.StartNew();
        var stop = compose.StopAsync(service);
        var connections = string.Empty;
        if (await Task.WhenAny(stop, Task.Delay(SlowStop)) != stop)
        {
            var address = new Uri(url);
            // TIME-WAIT ones are closed already, and there are thousands: what is left holds nginx.
            connections = await DockerCli.RunAsync("ss", ["-tnoH", "state", "all", "exclude", "time-wait", "src", $"{address.Host}:{address.Port}"], TimeSpan.FromSeconds(10));
        }

        await stop;
        var took = clock.Elapsed;
        await ServersAsync(compose, api, remaining);
        var exitCode = (await DockerCli.DockerAsync("inspect", "--format", "{{.State.ExitCode}}", compose.Container(service))).Trim();
        changes.Add($"stop {service}: issued at ab {issuedAt}, docker-compose {took.TotalSeconds:F1} s, nginx exit code {exitCode}, "
            + $"the proxy showed {string.Join(", ", remaining)} alone {(clock.Elapsed - took).TotalSeconds:F1} s later, ab at {ab.Completed}");
        if (connections.Length > 0)
        {
            changes.Add($"  connections to {url} {SlowStop.TotalSeconds:F0} s into the stop (but TIME-WAIT):\n{connections.TrimEnd()}\n{await compose.LogsAsync(10, service)}");
        }

        return issuedAt;
    }

    private static async Task StartAsync(List<string> changes, ComposeProject compose, HttpClient api, AbRun ab, string service)
    {
        var clock = Stopwatch.StartNew();
        await compose.StartAsync(service);
        var took = clock.Elapsed;
        await ServersAsync(compose, api, [Blue, Green]);
        changes.Add($"start {service}: docker-compose {took.TotalSeconds:F1} s, both colours UP {(clock.Elapsed - took).TotalSeconds:F1} s later, ab at {ab.Completed}");
    }

    private static Task ServersAsync(ComposeProject compose, HttpClient api, string[] expected) =>
        EventuallyAsync(
            compose,
            async () => (await RoutingApi.ServersUpAsync(api, Service)).Order(StringComparer.Ordinal).SequenceEqual(expected),
            $"servers UP of {Service} to be exactly {string.Join(", ", expected)}");

    /// <summary>Waits for a condition, with the proxy container's last log lines in the failure if it never holds.</summary>
    private static async Task EventuallyAsync(ComposeProject compose, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, Step);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await compose.LogsAsync(40, "proxy", "nginx-blue", "nginx-green")}", e);
        }
    }
}
