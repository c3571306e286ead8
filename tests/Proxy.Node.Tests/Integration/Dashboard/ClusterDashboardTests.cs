using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Proxy.Node.Tests.Integration.Docker;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Proxy.Node.Tests.Integration.Dashboard;

/// <summary>
/// The dashboard of a cluster node with real containers (<see cref="TwoHostCluster"/>): node1 watches
/// daemon A only, yet its dashboard shows a server of daemon B with the Docker host and container it
/// came from and the node that discovered it, and shows it DRAINING, without a reload, once
/// <c>docker stop</c> is called on B. Screenshots land in TestResults/dashboard.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterDashboardTests(ITestOutputHelper output)
{
    [DockerChromiumFact(Timeout = 120_000)]
    public async Task Service_ContainerOnOtherNodesHost_ShowsHostAndNodeThenDrainingAfterDockerStop()
    {
        DockerCli.RequireBoth();
        await using var cluster = await TwoHostCluster.StartAsync(output);
        var name = $"proxyc-{cluster.Id}-dash";
        var router = $"dash{cluster.Id}";
        var service = $"{router}@docker";
        var host = $"dash-{cluster.Id}.localhost";
        var url = TwoHostCluster.NewUrl("127.0.0.97");
        await cluster.RunNginxAsync(DockerCli.EndpointB, name, url, bigFileMiB: 16,
            $"proxy.http.routers.{router}.rule=Host(`{host}`)",
            $"proxy.http.services.{router}.loadbalancer.server.url={url}");
        await cluster.EventuallyAsync(
            async () => (await cluster.Node1.GetAsync(host)).Status == HttpStatusCode.OK && await cluster.Node1.ServerStatusAsync(service, url) == "UP",
            $"{host} routed by node1 and UP", TimeSpan.FromSeconds(20));

        // The API first: the dashboard shows what it says, and tools read it directly.
        using (var json = JsonDocument.Parse(await cluster.Node1.Api.GetStringAsync($"/api/http/services/{service}")))
        {
            var server = json.RootElement.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("url").GetString() == url);
            Assert.Equal($"docker:{DockerCli.EndpointB}/{name}", server.GetProperty("source").GetString());
            Assert.Equal([cluster.Node2.NodeId], server.GetProperty("discoveredBy").EnumerateArray().Select(n => n.GetString()));
        }

        SetDefaultExpectTimeout(10_000);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{cluster.Node1.Api.BaseAddress}dashboard/#/services/{Uri.EscapeDataString(service)}");
        var row = page.Locator("#servers tr", new() { HasText = url });
        await Expect(row).ToContainTextAsync("UP");
        await Expect(row).ToContainTextAsync($"Docker host {DockerCli.EndpointB}");
        await Expect(row).ToContainTextAsync($"container {name}");
        await Expect(row).ToContainTextAsync(cluster.Node2.NodeId);
        await Chromium.ScreenshotAsync(page, "cluster-service-up");

        // A request in flight keeps nginx's graceful quit (SIGQUIT) going, so the server stays in the draining window.
        using var direct = TestNode.NewClient(new Uri(url));
        using var held = await direct.GetAsync("/big.bin", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var stop = DockerCli.DockerOnAsync(DockerCli.EndpointB, "stop", "-t", "10", name);

        await Expect(row).ToContainTextAsync("DRAINING");
        await Chromium.ScreenshotAsync(page, "cluster-service-draining");

        held.Dispose();
        await stop;
    }
}
