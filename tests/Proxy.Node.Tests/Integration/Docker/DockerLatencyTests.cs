using System.Net;
using Xunit.Abstractions;
using static Proxy.Node.Tests.Integration.Docker.LatencySamples;

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
                var startToRouted = firstOk - await DockerEventTimes.StartedAtAsync(DockerCli.Endpoint, names[i]);
                if (i >= WarmUp)
                {
                    routed.Add(startToRouted);
                }

                if (i % 3 == 0)
                {
                    var since = DateTimeOffset.UtcNow.AddSeconds(-1);
                    var stop = DockerCli.DockerAsync("stop", "-t", "10", names[i]);
                    var noNewRequests = await FirstAsync(async () => await ServerStatus.ReadAsync(node.Api, $"lat{id}{i}@docker", url) is "DRAINING" or null);
                    await stop;
                    var killToDrained = noNewRequests - await DockerEventTimes.KillEventAsync(DockerCli.Endpoint, names[i], since);
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

    /// <summary>Polls as fast as a request allows and returns when the condition first held (bounded to 20 s).</summary>
    private static Task<DateTimeOffset> FirstAsync(Func<Task<bool>> condition) =>
        FirstTrue.PollAsync(condition, TimeSpan.FromMilliseconds(2), () => "the condition did not hold within 20 s");
}
