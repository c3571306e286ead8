using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A drained nginx must be able to finish its graceful quit. Bursts of parallel requests make the node's
/// connection pool open connections that end up carrying no request (SocketsHttpHandler does not tie a
/// connection attempt to the request that started it): nginx waits for the first request on such a
/// connection until client_header_timeout (60 s), so unless the node closes its idle connections to a
/// server it drained, the stop lasts the whole grace period and ends in SIGKILL (exit code 137). The node
/// must close them only once its requests to that server are done: one is held in flight across the drain.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DrainedBackendStopTests(ITestOutputHelper output)
{
    private const int Burst = 200;
    private const int Bursts = 3;
    private const int BigFileMiB = 16;
    private const int GraceSeconds = 15;
    private const string StoppedUrl = "http://127.0.0.101:8080";
    private const string StayingUrl = "http://127.0.0.102:8080";
    private static readonly TimeSpan QuitBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [DockerFact(Timeout = 180_000)]
    public async Task Stop_DrainedAfterParallelRequests_NginxQuitsWithinSecondsOfItsLastRequestAndNoRequestFails()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var stopped = $"proxydrain-{id}-a";
        var staying = $"proxydrain-{id}-b";
        var service = $"drain{id}@docker";
        var host = $"drain{id}.localhost";
        using var node = DockerNode.Start();
        try
        {
            foreach (var (name, url) in new[] { (stopped, StoppedUrl), (staying, StayingUrl) })
            {
                await NginxContainer.RunOnAsync(DockerCli.Endpoint, name, new Uri(url).Authority, BigFileMiB,
                    $"proxy.http.routers.drain{id}.rule=Host(`{host}`)",
                    $"proxy.http.services.drain{id}.loadbalancer.server.url={url}");
            }

            await node.EventuallyAsync(
                async () => (await node.ServersUpAsync(service)).Order(StringComparer.Ordinal).SequenceEqual([StoppedUrl, StayingUrl]),
                $"both servers of {service} UP", Step);

            // Bursts of parallel requests, each larger than the node's pool after the one before: the node
            // opens many connections at once, and some are established only after the request they were
            // opened for took a connection another request had just given back. Likely, not certain.
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Burst * Bursts })
            {
                BaseAddress = new Uri(node.WebUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            for (var round = 1; round <= Bursts; round++)
            {
                var burst = await Task.WhenAll(Enumerable.Range(0, Burst * round).Select(_ => StatusAsync(client, host)));
                Assert.True(burst.All(status => status == HttpStatusCode.OK), $"burst {round}: {string.Join(", ", burst.Distinct())}\nnode output:\n{node.Process.Output}");
            }

            // A download from the nginx to be stopped, held unread across its drain: its graceful quit waits
            // for it, and the node must not close the connection that carries it.
            using var held = await HoldDownloadFromAsync(client, host, stopped);

            var clock = Stopwatch.StartNew();
            var stop = DockerCli.DockerAsync("stop", "-t", GraceSeconds.ToString(CultureInfo.InvariantCulture), stopped);
            await node.EventuallyAsync(async () => await ServerStatus.ReadAsync(node.Api, service, StoppedUrl) == "DRAINING", $"{StoppedUrl} DRAINING", Step);
            // The drained server takes none of these, the other answers every one.
            var during = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                during.Add(await StatusAsync(client, host));
            }

            var body = await held.Content.ReadAsByteArrayAsync();
            var released = clock.Elapsed;
            var connections = string.Empty;
            if (await Task.WhenAny(stop, Task.Delay(QuitBound)) != stop)
            {
                // What holds nginx: its connections but those closed already (TIME-WAIT).
                var listen = new Uri(StoppedUrl).Authority;
                connections = await DockerCli.RunAsync("ss", ["-tnoH", "state", "all", "exclude", "time-wait", "src", listen], TimeSpan.FromSeconds(10));
            }

            await stop;
            var quit = clock.Elapsed - released;
            var exitCode = (await DockerCli.DockerAsync("inspect", "--format", "{{.State.ExitCode}}", stopped)).Trim();
            output.WriteLine(
                $"docker stop -t {GraceSeconds} of the drained nginx after bursts of {Burst} to {Burst * Bursts}: its held download read {released.TotalSeconds:F1} s in, "
                + $"nginx gone {quit.TotalSeconds:F1} s later, exit code {exitCode}");

            var context = $"connections of nginx {QuitBound.TotalSeconds} s after its last request: {connections}\nnode output:\n{node.Process.Output}\nnginx:\n{await DockerCli.DockerAsync("logs", "--tail", "10", stopped)}";
            Assert.True(body.Length == BigFileMiB * 1024 * 1024, $"the download held across the drain got {body.Length} bytes, not {BigFileMiB} MiB\n{context}");
            Assert.True(during.All(status => status == HttpStatusCode.OK), $"requests while draining: {string.Join(", ", during.Distinct())}\n{context}");
            Assert.True(quit < QuitBound, $"the drained nginx took {quit.TotalSeconds:F1} s after its last request to stop (exit code {exitCode}), not under {QuitBound.TotalSeconds} s: a connection of the node kept its graceful quit waiting\n{context}");
            Assert.Equal("0", exitCode);
        }
        finally
        {
            await DockerCli.DockerAsync("rm", "-f", stopped, staying);
        }
    }

    /// <summary>Starts downloads of /big.bin through the node until one comes from <paramref name="container"/>: round robin alternates.</summary>
    private static async Task<HttpResponseMessage> HoldDownloadFromAsync(HttpClient client, string host, string container)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/big.bin") { Headers = { Host = host } };
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK
                && response.Headers.TryGetValues(TestBackend.NameHeader, out var names) && names.Contains(container))
            {
                return response;
            }

            response.Dispose();
        }

        throw new InvalidOperationException($"four downloads of /big.bin through the node, none from {container}");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
