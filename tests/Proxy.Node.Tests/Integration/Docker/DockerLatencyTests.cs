using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The Docker provider's two latency targets, measured through a real node and printed (not
/// asserted: on two shared cores a timing assertion would only measure the machine's mood):
/// container start to first routed request (target p95 at most 200 ms), and the stop signal's
/// <c>kill</c> event to the server taking no new requests (target at most 50 ms).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DockerLatencyTests(ITestOutputHelper output)
{
    private const int Starts = 11;

    /// <summary>The first container meets a node that has not yet run this code path (JIT); it is not counted.</summary>
    private const int WarmUp = 1;

    [DockerFact(Timeout = 240_000)]
    public async Task Latency_StartAndStopContainers_PrintsStartToRoutedAndKillToDrained()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, Starts).Select(i => $"proxylat-{id}-{i}").ToArray();
        using var node = DockerNode.Start();
        try
        {
            await node.EventuallyAsync(
                async () => (await node.Api.GetAsync("/ping")).StatusCode == HttpStatusCode.OK, "/ping", TimeSpan.FromSeconds(30));
            var routed = new List<TimeSpan>();
            var drained = new List<TimeSpan>();
            for (var i = 0; i < Starts; i++)
            {
                var url = $"http://127.0.0.{40 + i}:8080";
                await NginxContainer.RunAsync(names[i], $"127.0.0.{40 + i}:8080",
                    $"proxy.http.routers.lat{id}{i}.rule=Host(`lat{id}{i}.localhost`)",
                    $"proxy.http.services.lat{id}{i}.loadbalancer.server.url={url}");
                var firstOk = await FirstAsync(async () => await RoutedAsync(node, $"lat{id}{i}.localhost"));
                var startToRouted = firstOk - await StartedAtAsync(names[i]);
                if (i >= WarmUp)
                {
                    routed.Add(startToRouted);
                }

                if (i % 3 == 0)
                {
                    var since = DateTimeOffset.UtcNow.AddSeconds(-1);
                    var stop = DockerCli.DockerAsync("stop", "-t", "10", names[i]);
                    var noNewRequests = await FirstAsync(async () => await ServerStatusAsync(node, $"lat{id}{i}@docker", url) is "DRAINING" or null);
                    await stop;
                    var killToDrained = noNewRequests - await KillEventAsync(names[i], since);
                    if (i >= WarmUp)
                    {
                        drained.Add(killToDrained);
                    }
                }
            }

            output.WriteLine($"container start -> first routed request, {routed.Count} starts: {Percentiles(routed)} (target p95 <= 200 ms)");
            output.WriteLine($"kill event -> no new requests (API shows DRAINING), {drained.Count} stops: {Percentiles(drained)} (target <= 50 ms)");
            Assert.Equal(Starts - WarmUp, routed.Count);
        }
        finally
        {
            await DockerCli.DockerAsync(["rm", "-f", .. names]);
        }
    }

    private static async Task<bool> RoutedAsync(DockerNode node, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
        using var response = await node.Web.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<string?> ServerStatusAsync(DockerNode node, string service, string url)
    {
        using var response = await node.Api.GetAsync($"/api/http/services/{service}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("serverStatus", out var status) && status.TryGetProperty(url, out var value)
            ? value.GetString()
            : null;
    }

    /// <summary>Polls as fast as a request allows and returns when the condition first held (bounded to 20 s).</summary>
    private static async Task<DateTimeOffset> FirstAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                if (await condition())
                {
                    return DateTimeOffset.UtcNow;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet; the clock keeps running.
            }

            await Task.Delay(2);
        }

        throw new TimeoutException("the condition did not hold within 20 s");
    }

    private static async Task<DateTimeOffset> StartedAtAsync(string name) =>
        ParseDockerTime((await DockerCli.DockerAsync("inspect", "-f", "{{.State.StartedAt}}", name)).Trim());

    private static async Task<DateTimeOffset> KillEventAsync(string name, DateTimeOffset since)
    {
        var text = await DockerCli.DockerAsync("events",
            "--since", since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "--until", (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture),
            "--filter", $"container={name}", "--filter", "event=kill", "--format", "{{.TimeNano}}");
        var nanos = long.Parse(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000).AddTicks(nanos % 1_000_000 / 100);
    }

    /// <summary>RFC 3339 with nanoseconds; .NET parses at most seven fraction digits.</summary>
    private static DateTimeOffset ParseDockerTime(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && text.Length > dot + 8)
        {
            text = text[..(dot + 8)] + "Z";
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }

    private static string Percentiles(List<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        TimeSpan At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * p) - 1)];
        return $"p50 {At(0.5).TotalMilliseconds:F0} ms, p95 {At(0.95).TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms";
    }
}
