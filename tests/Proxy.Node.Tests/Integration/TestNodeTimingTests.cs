using System.Diagnostics;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Most integration tests start and stop a node of their own: what a node takes to form its
/// cluster of one and to leave it is paid once per test, so it is measured and bounded here.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TestNodeTimingTests(ITestOutputHelper output)
{
    private const int Rounds = 5;

    /// <summary>Far above what a cluster of one needs on the two-core machine, far below a test's patience.</summary>
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A node alone leaves its cluster on the leader's next tick (200 ms, cluster.hocon): at Akka's
    /// 1 s default every test paid a second for it.
    /// </summary>
    private static readonly TimeSpan StopBudget = TimeSpan.FromMilliseconds(750);

    [Fact]
    public async Task StartAndDispose_OneRouterServed_WithinBudget()
    {
        await using var backend = await TestBackend.StartAsync("timing", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(backend.Url));
        var starts = new List<TimeSpan>();
        var stops = new List<TimeSpan>();
        for (var i = 0; i < Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            var node = await TestNode.StartAsync(yaml, "app");
            starts.Add(clock.Elapsed);
            Assert.Equal("timing", await node.Client.GetStringAsync("/"));
            clock.Restart();
            await node.DisposeAsync();
            stops.Add(clock.Elapsed);
        }

        output.WriteLine($"start (ms): {Render(starts)}; median {Median(starts).TotalMilliseconds:F0}");
        output.WriteLine($"dispose (ms): {Render(stops)}; median {Median(stops).TotalMilliseconds:F0}");
        // The first round pays for the JIT; the medians are what each test pays.
        Assert.True(Median(starts) < StartBudget, $"median start {Median(starts)} over {StartBudget}");
        Assert.True(Median(stops) < StopBudget, $"median dispose {Median(stops)} over {StopBudget}");
    }

    private static string Render(List<TimeSpan> times) => string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
