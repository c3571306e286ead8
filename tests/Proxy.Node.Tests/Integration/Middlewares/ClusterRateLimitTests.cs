using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Proxy.Actors.RateLimiting;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// The issue's test: three node processes in one cluster, a rateLimit of 100 requests/s for one client with
/// scope cluster, the client's load spread over all three; then the node that owns the client's bucket
/// killed (SIGKILL) mid-run. Prints the figures docs/middlewares.md records.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterRateLimitTests(ITestOutputHelper output)
{
    private const int OfferedPerNode = 120;
    private const int WorkersPerNode = 4;

    [Fact(Timeout = 240_000)]
    public async Task RateLimit_ClusterScopeEqualLoadOverThreeNodes_AdmitsTheLimitWithinTenPercentInEqualShares()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        using var cluster = await ThreeNodes.StartAsync(Config(backend.Url));
        // The same load on another client first: the three processes' first seconds (JIT, the first remote asks)
        // are not the limit's steady state; a CI run measured 62, 35 and 54 admitted in seconds 2 to 4 without it.
        await LoadAsync(cluster.Nodes, "warm-up", TimeSpan.FromSeconds(3), killAt: null);

        var run = await LoadAsync(cluster.Nodes, "client-1", TimeSpan.FromSeconds(10), killAt: null);

        output.WriteLine($"admitted {run.Admitted} of {run.Offered} in 10 s (limit 100/s, burst 10); per node {string.Join(", ", run.PerNode)}; per second {string.Join(", ", run.PerSecond)}");
        Assert.InRange(run.Admitted, 900 + 10, 1100 + 10);
        // Equal offered load: about a third each (32-35 % measured); a quarter to 45 % leaves room for CI's load on two
        // shared cores. A first-come owner (its own asks cross no network) took 53 % (228 / 223 / 506).
        Assert.All(run.PerNode, admitted => Assert.True(admitted * 4 >= run.Admitted && admitted * 100 <= run.Admitted * 45,
            $"a node admitted {admitted} of {run.Admitted} ({string.Join(", ", run.PerNode)}): leases are not shared by demand"));

        var (open, limited) = await LatencyAsync(cluster.Nodes[1].Client, "/open", "/fast");
        output.WriteLine($"sequential latency on a non-owner node: open router p50 {open.P50:F2} ms p99 {open.P99:F2} ms; " +
            $"cluster rateLimit far above the load p50 {limited.P50:F2} ms p99 {limited.P99:F2} ms");
    }

    [Fact(Timeout = 240_000)]
    public async Task RateLimit_ClusterScopeOwnerKilled_OthersKeepLimitingThenRecover()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        using var cluster = await ThreeNodes.StartAsync(Config(backend.Url));
        var members = new LimiterMembers([.. cluster.Addresses.Order(StringComparer.Ordinal)]);
        // A client whose bucket a node other than the seed owns: that node is killed.
        var client = Enumerable.Range(1, 100).Select(i => $"client-{i}")
            .First(c => ClusterLimiter.OwnerOf($"limited@file|limit@file|{c}", members, "") == cluster.Addresses[2]);

        var run = await LoadAsync(cluster.Nodes, client, TimeSpan.FromSeconds(20), killAt: (TimeSpan.FromSeconds(5), 2));

        var windows = run.PerSecond;
        output.WriteLine($"owner killed at 5 s; admitted per second: {string.Join(", ", windows)}");
        // As in the in-process test: one second may hold a node's local share beside the rate and burst of an owner
        // the other nodes still reach.
        Assert.True(windows.Count(admitted => admitted > 110 + 10) <= 1, $"more than one second over the limit: {string.Join(", ", windows)}");
        Assert.All(windows, admitted => Assert.True(admitted <= 110 + 10 + 34, $"{admitted} admitted in one second, over the limit and the move's bound"));
        var recovered = Enumerable.Range(6, windows.Count - 6).FirstOrDefault(second => windows[second] >= 90, -1);
        output.WriteLine($"limiting throughout; back to at least 90/s in second {recovered} ({recovered - 5} s after the kill)");
        Assert.InRange(recovered, 6, 15);
    }

    private static string Config(string backendUrl) =>
        "http:\n"
        + "  routers:\n"
        + "    open:\n"
        + "      rule: \"PathPrefix(`/open`)\"\n"
        + "      service: app\n"
        + "    fast:\n"
        + "      rule: \"PathPrefix(`/fast`)\"\n"
        + "      service: app\n"
        + "      middlewares: [high]\n"
        + "    limited:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "      middlewares: [limit]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    limit:\n"
        + "      rateLimit:\n"
        + "        average: 100\n"
        + "        burst: 10\n"
        + "        scope: cluster\n"
        + "        sourceCriterion:\n"
        + "          requestHeaderName: X-Client\n"
        + "    high:\n"
        + "      rateLimit:\n"
        + "        average: 100000\n"
        + "        burst: 1000\n"
        + "        scope: cluster\n";

    private static async Task<Run> LoadAsync(IReadOnlyList<ThreeNodes.Node> nodes, string client, TimeSpan duration, (TimeSpan At, int Node)? killAt)
    {
        var run = new Run(nodes.Count);
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromSeconds(WorkersPerNode / (double)OfferedPerNode);
        var killed = new bool[nodes.Count];
        var workers = nodes.SelectMany((node, index) => Enumerable.Range(0, WorkersPerNode).Select(async _ =>
        {
            await Task.Yield();
            while (clock.Elapsed < duration && !Volatile.Read(ref killed[index]))
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
                    request.Headers.Add("X-Client", client);
                    using var response = await node.Client.SendAsync(request);
                    Interlocked.Increment(ref run.OfferedCount);
                    if (response.StatusCode == HttpStatusCode.OK && clock.Elapsed < duration)
                    {
                        Interlocked.Increment(ref run.PerNode[index]);
                        run.Seconds.AddOrUpdate((int)clock.Elapsed.TotalSeconds, 1, static (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException) when (Volatile.Read(ref killed[index]))
                {
                }

                await Task.Delay(pause);
            }
        }));
        var all = Task.WhenAll(workers);
        if (killAt is { } kill)
        {
            await Task.Delay(kill.At);
            Volatile.Write(ref killed[kill.Node], true);
            nodes[kill.Node].Process.SendSignal("KILL");
        }

        await all;
        return run;
    }

    // Alternating requests, after a warm-up of both, so that neither path is measured colder than the other.
    private static async Task<((double P50, double P99) First, (double P50, double P99) Second)> LatencyAsync(HttpClient client, string first, string second)
    {
        var times = new[] { new List<double>(), new List<double>() };
        for (var i = 0; i < 800; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(i % 2 == 0 ? first : second);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (i >= 200)
            {
                times[i % 2].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (Percentiles(times[0]), Percentiles(times[1]));
    }

    private static (double P50, double P99) Percentiles(List<double> times)
    {
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.99)]);
    }

    private sealed class Run(int nodes)
    {
        public readonly int[] PerNode = new int[nodes];
        public readonly ConcurrentDictionary<int, int> Seconds = new();
        public int OfferedCount;

        public int Offered => OfferedCount;

        public int Admitted => PerNode.Sum();

        public IReadOnlyList<int> PerSecond => [.. Enumerable.Range(0, Seconds.Keys.DefaultIfEmpty(0).Max() + 1).Select(s => Seconds.GetValueOrDefault(s))];
    }
}
