using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model.Config;
using Proxy.Discovery.Docker;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The provider against the real daemons of ops/test-env. The daemons are shared with other tests,
/// so every assertion looks only at this test's routers, services and containers.
/// </summary>
public sealed class DockerProviderActorTests : TestKit
{
    /// <summary>A docker run, an event and an inspect on a busy 2-core machine.</summary>
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(15);

    private readonly ITestOutputHelper _output;
    private readonly DockerCli _docker = new();
    private readonly TestProbe _configuration;

    public DockerProviderActorTests(ITestOutputHelper output)
        : base(output: output)
    {
        _output = output;
        _configuration = CreateTestProbe();
    }

    [DockerFact]
    public void Start_ContainerRunningBefore_ReportsRouterAndServiceFromItsLabels()
    {
        var name = $"{_docker.Prefix}-web";
        _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18080, "web.test"));

        StartProvider(DockerTestHosts.A);

        var changed = AwaitReport(c => c.Config.Routers.ContainsKey(name) && c.Config.Services.ContainsKey(name));
        Assert.Equal("docker", changed.Provider);
        Assert.Equal("Host(`web.test`)", changed.Config.Routers[name].Rule);
        Assert.Equal(name, changed.Config.Routers[name].Service);
        var server = Assert.Single(Servers(changed, name));
        // The source names the Docker host and the container, for the API and the dashboard.
        Assert.Equal(new ServerConfig("http://127.0.0.1:18080", null, false, $"docker:{DockerTestHosts.A}/{name}"), server);
    }

    [DockerFact]
    public void Start_ContainerStartedLater_AppearsInReportAndPrintsLatency()
    {
        StartProvider(DockerTestHosts.A);
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var name = $"{_docker.Prefix}-s{i}";
            _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18100 + i, $"s{i}.test"));
            AwaitReport(c => Servers(c, name).Length == 1);
            var received = DateTimeOffset.UtcNow;
            latencies.Add(received - _docker.StartedAt(DockerTestHosts.A, name));
        }

        var sorted = latencies.Order().ToList();
        _output.WriteLine(
            $"container start -> first report containing it, {sorted.Count} starts: p50 {sorted[sorted.Count / 2].TotalMilliseconds:F0} ms, " +
            $"p95 {sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1].TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms");
    }

    [DockerFact]
    public async Task Stop_StopSignal_ReportsDrainingAtKillThenRemovesAtDie()
    {
        StartProvider(DockerTestHosts.A);
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var name = $"{_docker.Prefix}-stop{i}";
            _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18200 + i, $"stop{i}.test"));
            AwaitReport(c => Servers(c, name) is [{ Draining: false }]);
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);

            // sleep ignores SIGQUIT: the container keeps running for the 1 s grace time, then gets SIGKILL.
            var stop = Task.Run(() => _docker.Run(DockerTestHosts.A, "stop", "-t", "1", name));
            AwaitReport(c => Servers(c, name) is [{ Draining: true }]);
            var drained = DateTimeOffset.UtcNow;
            AwaitReport(c => !c.Config.Services.ContainsKey(name));
            await stop.WaitAsync(ReportTimeout);
            latencies.Add(drained - _docker.EventTime(DockerTestHosts.A, name, "kill", before));
        }

        _output.WriteLine($"kill event -> Draining report: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:F0} ms"))}");
    }

    [DockerFact]
    public void Start_BurstOf30Containers_ReportsCoalescedAtMostOnePerWindow()
    {
        StartProvider(DockerTestHosts.A);
        AwaitReport(_ => true);
        var names = Enumerable.Range(0, 30).Select(i => $"{_docker.Prefix}-b{i}").ToArray();

        // As a compose up does: many starts at once, events arriving close together. Every report
        // counted below was sent after this point, so the window bound applies to the whole time.
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = 10 },
            (name, _, i) => _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18400 + (int)i, $"{name}.test")));

        var reports = 0;
        AwaitReport(c =>
        {
            reports++;
            return names.All(n => Servers(c, n).Length == 1);
        });
        var elapsed = watch.Elapsed;

        // Reports go out at most once per 20 ms window (draining excepted, and nothing drains here).
        var bound = (int)(elapsed.TotalMilliseconds / 20) + 2;
        _output.WriteLine($"30 container starts -> {reports} reports over {elapsed.TotalMilliseconds:F0} ms (bound {bound})");
        Assert.True(reports <= bound, $"{reports} reports in {elapsed.TotalMilliseconds:F0} ms exceed one per 20 ms window");
    }

    [DockerFact]
    public void Pause_ThenUnpause_RemovedThenBack()
    {
        var name = $"{_docker.Prefix}-pause";
        _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18300, "pause.test"));
        StartProvider(DockerTestHosts.A);
        AwaitReport(c => Servers(c, name).Length == 1);

        _docker.Run(DockerTestHosts.A, "pause", name);
        AwaitReport(c => !c.Config.Services.ContainsKey(name) && !c.Config.Routers.ContainsKey(name));

        _docker.Run(DockerTestHosts.A, "unpause", name);
        AwaitReport(c => Servers(c, name).Length == 1);
    }

    [DockerFact]
    public void Start_ContainerWithBadLabel_SkippedWithErrorWhileOtherKeepsRoutes()
    {
        var good = $"{_docker.Prefix}-good";
        var bad = $"{_docker.Prefix}-bad";
        _docker.RunSleeper(DockerTestHosts.A, good, WebLabels(good, 18400, "good.test"));
        // A label outside any router or service costs the container; one inside costs only its object (ContainerTranslatorTests).
        _docker.RunSleeper(DockerTestHosts.A, bad, [.. WebLabels(bad, 18401, "bad.test"), ("proxy.enable", "maybe")]);

        StartProvider(DockerTestHosts.A);

        var changed = AwaitReport(c => c.Config.Routers.ContainsKey(good) && c.Errors.Any(e => e.Source.EndsWith($"/{bad}", StringComparison.Ordinal)));
        Assert.False(changed.Config.Routers.ContainsKey(bad));
        Assert.False(changed.Config.Services.ContainsKey(bad));
        var error = Assert.Single(changed.Errors, e => e.Source == $"docker:{DockerTestHosts.A}/{bad}");
        Assert.Contains($"container {bad}", error.Message, StringComparison.Ordinal);
        Assert.Contains("label proxy.enable", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the container is left out", error.Message, StringComparison.Ordinal);
        Assert.Single(Servers(changed, good));
    }

    [DockerFact]
    public void HealthStatus_StartingThenHealthy_ServerOnlyOnceHealthy()
    {
        var probeDirectory = Directory.CreateTempSubdirectory("docker-health-").FullName;
        try
        {
            var name = $"{_docker.Prefix}-health";
            StartProvider(DockerTestHosts.A);

            // The probe fails until the file exists; many retries keep the container "starting" meanwhile.
            _docker.RunSleeper(DockerTestHosts.A, name, WebLabels(name, 18500, "health.test"),
                "-v", $"{probeDirectory}:/probe:ro",
                "--health-cmd", "/usr/bin/test -e /probe/ok", "--health-interval", "1s", "--health-retries", "1000");
            var started = DateTimeOffset.UtcNow;

            // Starting: the container is known (a report comes after its start) but gets no router or service.
            ExpectNoServerFor(name, TimeSpan.FromSeconds(2));
            System.IO.File.WriteAllText(Path.Combine(probeDirectory, "ok"), "");
            AwaitReport(c => Servers(c, name).Length == 1);
            _output.WriteLine($"healthy after {(DateTimeOffset.UtcNow - started).TotalMilliseconds:F0} ms");
        }
        finally
        {
            Directory.Delete(probeDirectory, recursive: true);
        }
    }

    [DockerFact(needsSecondHost: true)]
    public void Start_TwoHosts_ContainersMergedIntoOneService()
    {
        var service = $"{_docker.Prefix}-shared";
        _docker.RunSleeper(DockerTestHosts.A, $"{service}-a", WebLabels(service, 18600, "shared.test"));
        _docker.RunSleeper(DockerTestHosts.B, $"{service}-b", WebLabels(service, 18601, "shared.test"));

        StartProvider(DockerTestHosts.A, DockerTestHosts.B);

        var changed = AwaitReport(c => Servers(c, service).Length == 2);
        Assert.Equal(
            [("http://127.0.0.1:18600", $"docker:{DockerTestHosts.A}/{service}-a"), ("http://127.0.0.1:18601", $"docker:{DockerTestHosts.B}/{service}-b")],
            Servers(changed, service).Select(s => (s.Url!, s.Source)).OrderBy(s => s.Item1, StringComparer.Ordinal));
        Assert.DoesNotContain(changed.Errors, e => e.Source.Contains(service, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SocketDoesNotExist_ReportsDisconnectedError()
    {
        var endpoint = $"unix:///tmp/{Guid.NewGuid():N}/docker.sock";
        var provider = StartProvider(endpoint);

        var changed = AwaitReport(c => c.Errors.Length > 0);
        var error = Assert.Single(changed.Errors);
        Assert.Equal(($"docker:{endpoint}", ""), (error.Source, error.Path));
        Assert.Equal(
            $"disconnected from {endpoint}: socket {new Uri(endpoint).LocalPath} does not exist (daemon not running or socket not mounted); serving the last known containers; reconnecting",
            error.Message);
        Assert.Empty(changed.Config.Routers);

        var host = Assert.Single((await provider.Ask<DockerHostsResult>(GetDockerHosts.Instance, ReportTimeout)).Hosts);
        Assert.False(host.Connected);
        Assert.NotNull(host.LastError);
        _output.WriteLine(error.Message);
    }

    [DockerFact]
    public async Task GetDockerHosts_ConnectedHost_ReportsDaemonVersion()
    {
        var provider = StartProvider(DockerTestHosts.A);
        AwaitReport(_ => true);

        var host = Assert.Single((await provider.Ask<DockerHostsResult>(GetDockerHosts.Instance, ReportTimeout)).Hosts);
        Assert.True(host.Connected);
        Assert.Equal(DockerTestHosts.A, host.Endpoint);
        Assert.False(string.IsNullOrEmpty(host.ApiVersion));
        Assert.Null(host.LastError);
        _output.WriteLine($"{host.Endpoint}: Docker {host.DaemonVersion}, API {host.ApiVersion}, {host.Containers} containers");
    }

    protected override void Dispose(bool disposing)
    {
        // Stop watching before the containers go, so that the removal does not race a shutting-down actor system.
        base.Dispose(disposing);
        if (disposing)
        {
            _docker.Dispose();
        }
    }

    [DockerFact]
    public void Stop_AllowNonRunning_KeepsRouterWithAnEmptyServiceUntilRemoved()
    {
        var name = $"{_docker.Prefix}-nonrun";
        var stopped = $"{_docker.Prefix}-stopped";
        _docker.RunSleeper(DockerTestHosts.A, name, [.. WebLabels(name, 18290, "nonrun.test"), ("proxy.docker.allownonrunning", "true")]);
        // Stopped before the provider starts: found by the first list, as Traefik lists all containers.
        _docker.RunSleeper(DockerTestHosts.A, stopped, [.. WebLabels(stopped, 18291, "stopped.test"), ("proxy.docker.allownonrunning", "true")]);
        _docker.Run(DockerTestHosts.A, "stop", "-t", "0", stopped);
        StartProvider(DockerTestHosts.A);
        AwaitReport(c => Servers(c, name).Length == 1 && c.Config.Routers.ContainsKey(stopped) && c.Config.Services.ContainsKey(stopped) && Servers(c, stopped).IsEmpty);

        _docker.Run(DockerTestHosts.A, "stop", "-t", "0", name);
        var afterStop = AwaitReport(c => c.Config.Services.ContainsKey(name) && Servers(c, name).IsEmpty);
        Assert.True(afterStop.Config.Routers.ContainsKey(name), "the stopped container's router stays (allownonrunning)");

        _docker.Run(DockerTestHosts.A, "rm", name);
        AwaitReport(c => !c.Config.Routers.ContainsKey(name));
    }

    private static IEnumerable<(string Key, string Value)> WebLabels(string name, int port, string host) =>
    [
        ($"proxy.http.routers.{name}.rule", $"Host(`{host}`)"),
        ($"proxy.http.routers.{name}.service", name),
        ($"proxy.http.services.{name}.loadbalancer.server.port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static ImmutableArray<ServerConfig> Servers(ProviderConfigurationChanged changed, string service) =>
        changed.Config.Services.TryGetValue(service, out var found) && found.LoadBalancer is { } balancer ? balancer.Servers : [];

    private IActorRef StartProvider(params string[] endpoints)
    {
        foreach (var endpoint in endpoints.Where(e => e.StartsWith("unix:///var/", StringComparison.Ordinal)))
        {
            DockerCli.RequireDaemon(endpoint);
        }

        return Sys.ActorOf(DockerProviderActor.Props(new DockerProviderSettings([.. endpoints], DockerProviderOptions.Default), _configuration, TimeProvider.System));
    }

    private ProviderConfigurationChanged AwaitReport(Predicate<ProviderConfigurationChanged> wanted) =>
        _configuration.FishForMessage(wanted, ReportTimeout);

    /// <summary>Every report within <paramref name="duration"/> leaves the container's service out.</summary>
    private void ExpectNoServerFor(string service, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var message = _configuration.ReceiveOne(duration - watch.Elapsed);
            if (message is ProviderConfigurationChanged changed)
            {
                Assert.Empty(Servers(changed, service));
            }
        }
    }
}
