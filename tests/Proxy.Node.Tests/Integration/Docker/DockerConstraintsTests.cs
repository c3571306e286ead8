using System.Net;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>--providers.docker.constraints against daemon A: only the containers whose labels satisfy it are routed.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class DockerConstraintsTests
{
    [DockerFact(Timeout = 120_000)]
    public async Task Constraints_TwoContainers_OnlyTheMatchingOneIsRouted()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var shop = $"proxycon-{id}-shop";
        var blog = $"proxycon-{id}-blog";
        try
        {
            await NginxContainer.RunAsync(shop, "127.0.0.93:8080",
                $"proxytest.team=shop{id}",
                $"proxy.http.routers.{shop}.rule=Host(`shop{id}.localhost`)",
                $"proxy.http.services.{shop}.loadbalancer.server.url=http://127.0.0.93:8080");
            await NginxContainer.RunAsync(blog, "127.0.0.94:8080",
                $"proxytest.team=blog{id}",
                $"proxy.http.routers.{blog}.rule=Host(`blog{id}.localhost`)",
                $"proxy.http.services.{blog}.loadbalancer.server.url=http://127.0.0.94:8080");

            using var node = DockerNode.Start($"--providers.docker.constraints=LabelRegex(`proxytest.team`, `^shop{id}$`) && !Label(`proxytest.team`, `blog{id}`)");
            await node.EventuallyAsync(async () => await node.RouterStatusAsync($"{shop}@docker") == "enabled", "the matching container's router", TimeSpan.FromSeconds(30));

            // Both containers were in the same list the node read: the other one is left out, not late.
            Assert.Null(await node.RouterStatusAsync($"{blog}@docker"));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = $"blog{id}.localhost" } };
            using var response = await node.Web.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            // Only the two containers this test created, by name.
            await DockerCli.DockerAsync("rm", "-f", shop, blog);
        }
    }
}
