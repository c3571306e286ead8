using System.Net;
using Xunit.Abstractions;
using static Proxy.Node.Tests.Integration.Docker.LatencySamples;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The cluster's propagation targets, measured through real processes (<see cref="TwoHostCluster"/>)
/// and asserted: a container started on daemon B is routable through node1, which does not watch B,
/// within 1 s of its start (p95; node1 is asked once nginx listens); a container draining on B
/// (docker stop, nginx quits gracefully on SIGQUIT and node2 marks it draining at the kill event)
/// is shown DRAINING by node1's API within 1 s of the docker stop call, so node1 picks it for no
/// new request.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterPropagationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Twenty, not ten: the p95 of ten samples is their maximum, so one start that meets a second of
    /// CPU starvation on this shared two-core machine
    /// would decide the result alone; a p95 of twenty still fails if two starts miss.
    /// </summary>
    private const int Starts = 20;

    /// <summary>The first container meets nodes that have not yet run this code path (JIT); it is measured but not counted.</summary>
    private const int WarmUp = 1;

    private const int Drains = 5;

    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    [DockerFact(secondDaemon: true, Timeout = 150_000)]
    public async Task Propagation_ContainerStartAndDrainOnB_ReachNode1WithinOneSecond()
    {
        DockerCli.RequireBoth();
        await using var cluster = await TwoHostCluster.StartAsync(output);
        var routed = new List<TimeSpan>();
        for (var i = 0; i < WarmUp + Starts; i++)
        {
            var startToRouted = await StartAsync(cluster, i);
            if (i >= WarmUp)
            {
                routed.Add(startToRouted);
            }
        }

        var drained = new List<TimeSpan>();
        for (var i = 0; i < Drains; i++)
        {
            drained.Add(await DrainAsync(cluster, i));
        }

        output.WriteLine($"container start on B -> first 200 through node1, {routed.Count} starts: {Percentiles(routed)} (target p95 <= {Target.TotalMilliseconds} ms)");
        output.WriteLine($"docker stop on B -> node1's API shows the server DRAINING, {drained.Count} stops: {Percentiles(drained)} (target <= {Target.TotalMilliseconds} ms each)");
        Assert.True(P95(routed) <= Target, $"start -> routed through node1: {Percentiles(routed)}, over the {Target.TotalMilliseconds} ms target\n{cluster.Outputs()}");
        Assert.True(drained.Max() <= Target, $"docker stop -> DRAINING on node1: {Percentiles(drained)}, over the {Target.TotalMilliseconds} ms target\n{cluster.Outputs()}");
    }

    /// <summary>
    /// Starts a container on B with its own Host rule and returns the time from its start (Docker's
    /// StartedAt) to the first 200 through node1. node2, its watcher, is polled alongside: what it
    /// adds to node1's time is the cluster's share.
    /// </summary>
    private async Task<TimeSpan> StartAsync(TwoHostCluster cluster, int i)
    {
        var node1 = cluster.Node1;
        var name = $"proxyc-{cluster.Id}-p{i}";
        var host = $"p{i}-{cluster.Id}.localhost";
        var url = TwoHostCluster.NewUrl($"127.0.0.{70 + i}");
        var before = new List<HttpStatusCode>();
        var trace = new List<string>();

        // Polling starts before docker run, so that how long the CLI takes to return does not count.
        // Through the proxy only once nginx listens: a request that reaches the container before it
        // binds is refused, and a refused connection keeps the server out for 2 s on every node
        // (BackendActor.DefaultRefusalHold): that would measure the hold, not the propagation.
        async Task<DateTimeOffset[]> RoutedAsync()
        {
            using (var direct = TestNode.NewClient(new Uri(url)))
            {
                await FirstAsync(cluster, async () => (await direct.GetAsync("/")).StatusCode == HttpStatusCode.OK, $"{name} listening on {url}");
            }

            return await Task.WhenAll(
                FirstAsync(cluster, async () => (await cluster.Node2.GetAsync(host)).Status == HttpStatusCode.OK, $"{host} routed by node2"),
                FirstAsync(cluster, async () =>
                {
                    var sent = DateTimeOffset.UtcNow;
                    var (status, _) = await node1.GetAsync(host);
                    trace.Add($"{sent:HH:mm:ss.fff} {(int)status} in {(DateTimeOffset.UtcNow - sent).TotalMilliseconds:F0} ms");
                    if (status != HttpStatusCode.OK)
                    {
                        before.Add(status);
                    }

                    return status == HttpStatusCode.OK;
                }, $"{host} routed by node1"));
        }

        var routing = RoutedAsync();
        await cluster.RunNginxAsync(DockerCli.EndpointB, name, url, 0,
            $"proxy.http.routers.p{i}{cluster.Id}.rule=Host(`{host}`)",
            $"proxy.http.services.p{i}{cluster.Id}.loadbalancer.server.url={url}");
        var routedBy = await routing;

        // Until the route reached node1, node1 did not know the host, and nothing else: a 502 or 503
        // would mean it routed to a server it could not use.
        Assert.True(before.All(status => status == HttpStatusCode.NotFound), $"{host} through node1 before its first 200: {string.Join(", ", before.Distinct())}\n{cluster.Outputs()}");
        var started = await DockerEventTimes.StartedAtAsync(DockerCli.EndpointB, name);
        var startToRouted = routedBy[1] - started;
        output.WriteLine(
            $"start {i}{(i < WarmUp ? " (warm-up, not counted)" : string.Empty)}: started on B -> 200 through node2 (watcher) {(routedBy[0] - started).TotalMilliseconds:F0} ms, "
            + $"through node1 {startToRouted.TotalMilliseconds:F0} ms");
        if (startToRouted > TimeSpan.FromMilliseconds(500))
        {
            // Where the time went: each request through node1, when it was sent, and how long it took.
            output.WriteLine($"  started {started:HH:mm:ss.fff}; node1: {string.Join("; ", trace)}");
        }

        return startToRouted;
    }

    /// <summary>
    /// Starts a container on B, holds a request to it in flight (so its graceful quit waits and it
    /// stays in the draining window), stops it, and returns the time from the docker stop call until
    /// node1's API shows it DRAINING. The server disappearing instead (the container gone) is a failure:
    /// that would measure removal, not draining.
    /// </summary>
    private async Task<TimeSpan> DrainAsync(TwoHostCluster cluster, int i)
    {
        var node1 = cluster.Node1;
        var name = $"proxyc-{cluster.Id}-d{i}";
        var host = $"d{i}-{cluster.Id}.localhost";
        var service = $"d{i}{cluster.Id}@docker";
        var url = TwoHostCluster.NewUrl($"127.0.0.{91 + i}");
        await cluster.RunNginxAsync(DockerCli.EndpointB, name, url, bigFileMiB: 16,
            $"proxy.http.routers.d{i}{cluster.Id}.rule=Host(`{host}`)",
            $"proxy.http.services.d{i}{cluster.Id}.loadbalancer.server.url={url}");
        await FirstAsync(cluster, async () => (await node1.GetAsync(host)).Status == HttpStatusCode.OK && await node1.ServerStatusAsync(service, url) == "UP", $"{host} routed by node1 and UP");

        using var direct = TestNode.NewClient(new Uri(url));
        using var held = await direct.GetAsync("/big.bin", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);

        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var called = DateTimeOffset.UtcNow;
        var stop = DockerCli.DockerOnAsync(DockerCli.EndpointB, "stop", "-t", "10", name);
        // The watcher's own view, polled alongside: what it adds to node1's time is the cluster's share.
        var atWatcher = FirstAsync(cluster, async () => await cluster.Node2.ServerStatusAsync(service, url) == "DRAINING", $"{url} DRAINING on node2");
        string? seen = "UP";
        var draining = await FirstAsync(
            cluster,
            async () =>
            {
                seen = await node1.ServerStatusAsync(service, url);
                return seen != "UP";
            },
            $"{url} to leave UP on node1");
        Assert.True(seen == "DRAINING", $"node1 showed {url} as {seen ?? "gone"} instead of DRAINING\n{cluster.Outputs()}");
        var reason = await ServerReasonAsync(node1, service, url);
        var watcher = await atWatcher;

        // Let go of the held request: nginx finishes its graceful quit and the stop completes.
        held.Dispose();
        await stop;
        var kill = await DockerEventTimes.KillEventAsync(DockerCli.EndpointB, name, since);
        output.WriteLine(
            $"drain {i}: docker stop called -> kill event {(kill - called).TotalMilliseconds:F0} ms -> DRAINING on node2 (watcher) {(watcher - kill).TotalMilliseconds:F0} ms, "
            + $"on node1 {(draining - kill).TotalMilliseconds:F0} ms; docker stop call -> DRAINING on node1 {(draining - called).TotalMilliseconds:F0} ms (reason: {reason})");
        return draining - called;
    }

    private static async Task<string?> ServerReasonAsync(ClusterMember node, string service, string url)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await node.Api.GetStringAsync($"/api/http/services/{service}"));
        return document.RootElement.GetProperty("servers").EnumerateArray()
            .Where(s => s.GetProperty("url").GetString() == url)
            .Select(s => s.GetProperty("reason").ToString())
            .FirstOrDefault();
    }

    /// <summary>
    /// Polls every 10 ms and returns when the condition first held (bounded to 20 s). Not faster: on
    /// two cores a tighter loop starves the docker CLI and the daemon whose latency is being measured.
    /// </summary>
    private static Task<DateTimeOffset> FirstAsync(TwoHostCluster cluster, Func<Task<bool>> condition, string what) =>
        FirstTrue.PollAsync(condition, TimeSpan.FromMilliseconds(10), () => $"{what}: not within 20 s\n{cluster.Outputs()}");
}
