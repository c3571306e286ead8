using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The seed's scenario end to end: ops/compose/blue-green.yml on the real daemon, a real proxy-node
/// discovering it, and ab pulling the 1 MiB file through the proxy while each colour in turn is
/// stopped and started again. Not one request may fail.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class BlueGreenTests(ITestOutputHelper output)
{
    // Four times the seed's 10,000: ab runs at 600-1,000+ requests a second here while a colour's
    // stop or start under a loaded CI took long enough that 20,000 were done before the fourth
    // change was seen, and the test could then only say the stops missed the load.
    private const int Requests = 40_000;
    private const int Concurrency = 100;
    private const string Service = "web@docker";
    private const string Blue = "http://127.0.0.31:8080";
    private const string Green = "http://127.0.0.32:8080";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [DockerFact(Timeout = 300_000)]
    public Task BlueGreen_EachColourStoppedAndStartedUnderAb_NoFailedOrNon2xxRequest() =>
        RunAsync("blue-green.yml");

    [DockerFact(Timeout = 300_000)]
    public Task BlueGreen_TraefikLabelsWithTraefikPrefix_NoFailedOrNon2xxRequest() =>
        RunAsync("blue-green.traefik.yml", "--providers.docker.labelprefix=traefik");

    private async Task RunAsync(string composeFile, params string[] nodeArgs)
    {
        DockerCli.Require();
        await using var compose = await ComposeProject.UpAsync(composeFile);
        using var node = DockerNode.Start(nodeArgs);
        await node.EventuallyAsync(async () => await node.RouterStatusAsync("web@docker") == "enabled", "router web@docker enabled", Step);
        await ServersAsync(node, [Blue, Green]);

        using var ab = AbRun.Start(Requests, Concurrency, "localhost", $"{node.WebUrl}/1m.bin");
        // Each change early in the run (ab does 600-750 requests a second here, and a colour takes
        // a second or two to be back), and the next colour only once the previous is back:
        // stopping green while blue is not yet a server again would test nothing but an empty service.
        await ab.WaitForCompletedAsync(500, Step);
        await compose.StopAsync("nginx-blue");
        await ServersAsync(node, [Green]);
        await ab.WaitForCompletedAsync(1_500, Step);
        await compose.StartAsync("nginx-blue");
        await ServersAsync(node, [Blue, Green]);
        await ab.WaitForCompletedAsync(2_500, Step);
        await compose.StopAsync("nginx-green");
        await ServersAsync(node, [Blue]);
        await ab.WaitForCompletedAsync(3_500, Step);
        await compose.StartAsync("nginx-green");
        await ServersAsync(node, [Blue, Green]);
        var changesDuringLoad = ab.Completed < Requests;

        var summary = await ab.WaitForExitAsync(TimeSpan.FromSeconds(180));
        output.WriteLine($"{composeFile}: ab -n {Requests} -c {Concurrency}, blue then green stopped and started during the run");
        output.WriteLine(summary.Report);

        var context = $"{summary.Report}\nnode output:\n{node.Process.Output}";
        Assert.True(changesDuringLoad, $"ab finished before the last colour was back; the stops did not happen under load\n{context}");
        Assert.True(summary.ExitCode == 0, $"ab exited with {summary.ExitCode}\n{context}");
        Assert.True(summary.Complete == Requests, $"complete requests {summary.Complete}, expected {Requests}\n{context}");
        Assert.True(summary.Failed == 0, $"failed requests {summary.Failed}\n{context}");
        Assert.True(summary.Non2xx == 0, $"non-2xx responses {summary.Non2xx}\n{context}");
    }

    private static Task ServersAsync(DockerNode node, string[] expected) =>
        node.EventuallyAsync(
            async () => (await node.ServersUpAsync(Service)).Order(StringComparer.Ordinal).SequenceEqual(expected),
            $"servers UP of {Service} to be exactly {string.Join(", ", expected)}",
            Step);
}
