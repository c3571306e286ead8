using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// circuitBreaker and buffering from the labels of a real container on daemon A behave as from YAML; a bad
/// expression in a label is an error on that middleware, in the API and the log, while the rest serves.
/// The container carries the labels; its routers' servers are this test's own Kestrel backends.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class LabelledMiddlewareTests
{
    [DockerFact(Timeout = 180_000)]
    public async Task Labels_CircuitBreakerBufferingAndBadExpression_SameAsYamlBadOneReported()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var container = $"proxye2e-{id}-mw";
        await using var flaky = await FlakyBackend.StartAsync(65);
        await using var upload = await TestBackend.StartAsync("up", 66);
        try
        {
            await NginxContainer.RunAsync(container, "127.0.0.67:8080",
                $"proxy.http.routers.cb{id}.rule=Host(`cb{id}.localhost`)",
                $"proxy.http.routers.cb{id}.service=flaky{id}",
                $"proxy.http.routers.cb{id}.middlewares=cb{id}",
                $"proxy.http.services.flaky{id}.loadbalancer.server.url={flaky.Url}",
                // Keys are case-insensitive, as Traefik's: written the way compose files often have them.
                $"proxy.http.middlewares.cb{id}.circuitbreaker.expression=ResponseCodeRatio(500, 600, 0, 600) > 0.5",
                $"proxy.http.middlewares.cb{id}.circuitBreaker.checkPeriod=100ms",
                $"proxy.http.middlewares.cb{id}.circuitbreaker.fallbackduration=1s",
                $"proxy.http.middlewares.cb{id}.circuitbreaker.recoveryduration=2s",
                $"proxy.http.routers.buf{id}.rule=Host(`buf{id}.localhost`)",
                $"proxy.http.routers.buf{id}.service=up{id}",
                $"proxy.http.routers.buf{id}.middlewares=buf{id}",
                $"proxy.http.services.up{id}.loadbalancer.server.url={upload.Url}",
                $"proxy.http.middlewares.buf{id}.buffering.maxRequestBodyBytes=100000",
                $"proxy.http.middlewares.buf{id}.buffering.memRequestBodyBytes=1000",
                $"proxy.http.routers.bad{id}.rule=Host(`bad{id}.localhost`)",
                $"proxy.http.routers.bad{id}.service=up{id}",
                $"proxy.http.routers.bad{id}.middlewares=bad{id}",
                $"proxy.http.middlewares.bad{id}.circuitbreaker.expression=NetworkErrorRatio( > 0.5");

            using var node = DockerNode.Start();
            await node.EventuallyAsync(
                async () => await node.RouterStatusAsync($"cb{id}@docker") == "enabled" && await node.RouterStatusAsync($"buf{id}@docker") == "enabled",
                "the labelled routers", TimeSpan.FromSeconds(30));

            // The bad middleware: named with its problem in the API and the log; its router down, the others serve.
            var middleware = await node.Api.GetStringAsync($"/api/http/middlewares/bad{id}@docker");
            Assert.Contains("circuitBreaker.expression", middleware, StringComparison.Ordinal);
            Assert.Contains("at column 20: the arguments of NetworkErrorRatio are numbers, found '>'", middleware, StringComparison.Ordinal);
            Assert.Equal("disabled", await node.RouterStatusAsync($"bad{id}@docker"));
            await node.EventuallyAsync(
                () => Task.FromResult(node.Process.Output.Contains($"bad{id}", StringComparison.Ordinal)
                    && node.Process.Output.Contains("the arguments of NetworkErrorRatio are numbers", StringComparison.Ordinal)),
                "the bad expression in the node's log", TimeSpan.FromSeconds(10));

            // buffering: the same limits as from YAML.
            var big = new byte[100_001];
            using var tooLarge = await node.Web.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload")
            {
                Headers = { Host = $"buf{id}.localhost" },
                Content = new ByteArrayContent(big),
            });
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            using var fits = await node.Web.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload")
            {
                Headers = { Host = $"buf{id}.localhost" },
                Content = new PausingContent(big[..50_000], 10_000, () => Task.CompletedTask),
            });
            Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
            Assert.StartsWith("50000:", await fits.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(1, upload.Requests);

            // circuitBreaker: the same life as from YAML.
            await BreakerScenario.RunAsync(
                node.Web,
                () => new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = $"cb{id}.localhost" } },
                flaky,
                FlakyMode.Failing,
                503,
                "Service Unavailable");
        }
        finally
        {
            // Only the container this test created, by name.
            await DockerCli.DockerAsync("rm", "-f", container);
        }
    }
}
