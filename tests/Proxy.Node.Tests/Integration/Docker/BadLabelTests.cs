using System.Net;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A container with a bad label is reported by name and label in the API (/api/errors and on its router);
/// its neighbour keeps serving.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class BadLabelTests
{
    [DockerFact(Timeout = 120_000)]
    public async Task BadLabel_NextToAGoodContainer_ReportedWithContainerAndLabelGoodOneServes()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var good = $"proxye2e-{id}-good";
        var bad = $"proxye2e-{id}-bad";
        var badLabel = $"proxy.http.routers.bad{id}.rul";
        try
        {
            await NginxContainer.RunAsync(good, "127.0.0.33:8080",
                $"proxy.http.routers.good{id}.rule=Host(`good{id}.localhost`)",
                $"proxy.http.services.good{id}.loadbalancer.server.url=http://127.0.0.33:8080");
            await NginxContainer.RunAsync(bad, "127.0.0.34:8080",
                $"{badLabel}=Host(`bad{id}.localhost`)",
                $"proxy.http.services.bad{id}.loadbalancer.server.url=http://127.0.0.34:8080");

            using var node = DockerNode.Start();
            await node.EventuallyAsync(
                async () => await node.RouterStatusAsync($"good{id}@docker") == "enabled", "the good container's router", TimeSpan.FromSeconds(30));
            await node.EventuallyAsync(
                async () =>
                {
                    var errors = await node.Api.GetStringAsync("/api/errors");
                    return errors.Contains(bad, StringComparison.Ordinal) && errors.Contains(badLabel, StringComparison.Ordinal);
                },
                $"/api/errors to name container {bad} and label {badLabel}",
                TimeSpan.FromSeconds(30));

            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = $"good{id}.localhost" } };
            using var response = await node.Web.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The broken router is shown, not hidden: disabled, with the error on it, as Traefik shows it.
            Assert.Equal("disabled", await node.RouterStatusAsync($"bad{id}@docker"));
            var routers = await node.Api.GetStringAsync("/api/http/routers");
            Assert.Contains(badLabel, routers, StringComparison.Ordinal);
            Assert.Contains(bad, routers, StringComparison.Ordinal);
        }
        finally
        {
            // Only the two containers this test created, by name.
            await DockerCli.DockerAsync("rm", "-f", good, bad);
        }
    }
}
