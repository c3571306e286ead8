using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The Dockerfile end to end: built offline by ops/image/build.sh --offline (the base images made on this
/// machine), run on daemon A as Docker users run it (the socket mounted read-only, its group added, the
/// addresses given by PROXY_* variables), healthy by its own HEALTHCHECK, not root, and routing a
/// container it discovered through the socket.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ImageTests(ITestOutputHelper output)
{
    private const string BackendAddress = "127.0.0.71";
    private const string ProxyAddress = "127.0.0.72";

    /// <summary>Microsoft's images' app user, which the Dockerfile runs as.</summary>
    private const string AppUid = "1654";

    [DockerFact(Timeout = 1_200_000)]
    public async Task Image_BuiltOfflineAndRunWithTheSocket_HealthyNotRootAndRoutesALabelledContainer()
    {
        DockerCli.Require();
        // The build's time is the script's own line ("built ... in N s"); 0 s here means an earlier test of this process built it.
        var build = Stopwatch.StartNew();
        var log = await ProxyImage.EnsureBuiltAsync();
        output.WriteLine($"ops/image/build.sh --offline --tag {ProxyImage.Tag}: {build.Elapsed.TotalSeconds:0.0} s\n{string.Join('\n', log.Split('\n').Where(line => line.StartsWith("build.sh:", StringComparison.Ordinal)))}");

        var id = Guid.NewGuid().ToString("N")[..8];
        var proxy = $"proxye2e-{id}-image";
        var backend = $"proxye2e-{id}-nginx";
        var socket = new Uri(DockerCli.Endpoint).AbsolutePath;
        var group = (await DockerCli.RunAsync("stat", ["-c", "%g", socket], TimeSpan.FromSeconds(10))).Trim();
        var web = $"{ProxyAddress}:{FreePort.Next(IPAddress.Parse(ProxyAddress))}";
        var api = $"{ProxyAddress}:{FreePort.Next(IPAddress.Parse(ProxyAddress))}";
        try
        {
            // The image's own command (the Docker provider on the mounted socket) and HEALTHCHECK, unchanged.
            // The label prefix (its default, written out) is an option of the provider whose endpoint only the
            // command gives: the HEALTHCHECK, which sees the environment alone, must not take it for an error.
            await DockerCli.DockerAsync(
                "run", "-d", "--name", proxy, "--network", "host",
                "-v", $"{socket}:/var/run/docker.sock:ro", "--group-add", group,
                "-e", $"PROXY_ENTRYPOINTS_WEB_ADDRESS={web}", "-e", $"PROXY_API_ADDRESS={api}",
                "-e", $"PROXY_CLUSTER_HOSTNAME={ProxyAddress}", "-e", "PROXY_PROVIDERS_DOCKER_LABELPREFIX=proxy",
                ProxyImage.Tag);
            var started = Stopwatch.StartNew();
            await EventuallyAsync(proxy, async () => await InspectAsync(proxy, "{{.State.Health.Status}}") == "healthy", "the image's HEALTHCHECK to report healthy", TimeSpan.FromSeconds(90));
            output.WriteLine($"healthy {started.Elapsed.TotalSeconds:0.0} s after docker run");

            Assert.Equal($"{AppUid}:{AppUid}", await InspectAsync(proxy, "{{.Config.User}}"));
            var pid = await InspectAsync(proxy, "{{.State.Pid}}");
            var uids = File.ReadLines($"/proc/{pid}/status").Single(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            // Real, effective, saved and file-system uid alike.
            Assert.Equal(["Uid:", AppUid, AppUid, AppUid, AppUid], uids.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries));

            await NginxContainer.RunAsync(backend, $"{BackendAddress}:8080",
                $"proxy.http.routers.image{id}.rule=Host(`image{id}.localhost`)",
                $"proxy.http.services.image{id}.loadbalancer.server.url=http://{BackendAddress}:8080");
            using var client = TestNode.NewClient(new Uri($"http://{web}"));
            HttpResponseMessage? answer = null;
            await EventuallyAsync(
                proxy,
                async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = $"image{id}.localhost" } };
                    answer?.Dispose();
                    answer = await client.SendAsync(request);
                    return answer.StatusCode == HttpStatusCode.OK;
                },
                $"the proxy container to route image{id}.localhost to {backend}",
                TimeSpan.FromSeconds(30));
            using (answer)
            {
                Assert.Equal(backend, Assert.Single(answer!.Headers.GetValues(TestBackend.NameHeader)));
            }
        }
        finally
        {
            // Only the two containers this test created, by name.
            await DockerCli.DockerAsync("rm", "-f", proxy, backend);
        }
    }

    private static async Task<string> InspectAsync(string container, string format) =>
        (await DockerCli.DockerAsync("inspect", "--format", format, container)).Trim();

    /// <summary>Waits for a condition, with the container's log and health probes in the failure.</summary>
    private static async Task EventuallyAsync(string container, Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            var logs = await DockerCli.DockerAsync("logs", "--tail", "50", container);
            var health = await InspectAsync(container, "{{json .State.Health}}");
            throw new TimeoutException($"{e.Message}\ncontainer log:\n{logs}\nhealth: {health}", e);
        }
    }
}
