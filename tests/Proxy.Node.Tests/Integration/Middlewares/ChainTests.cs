using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>chain and a service's middlewares through real nodes: order, nesting, and the references that cannot run.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ChainTests
{
    private static string Config(string backendUrl, string extraMiddlewares = "", string serviceMiddlewares = "") =>
        "http:\n"
        + "  routers:\n"
        + "    plain:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    chained:\n"
        + "      rule: \"PathPrefix(`/chained`)\"\n"
        + "      service: app\n"
        + "      middlewares: [outer]\n"
        + "    guarded:\n"
        + "      rule: \"PathPrefix(`/guarded`)\"\n"
        + "      service: guarded\n"
        + "      middlewares: [stripGuarded]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "    guarded:\n"
        + (serviceMiddlewares.Length > 0 ? $"      middlewares: [{serviceMiddlewares}]\n" : string.Empty)
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    outer:\n"
        + "      chain:\n"
        + "        middlewares: [inner, tag]\n"
        + "    inner:\n"
        + "      chain:\n"
        + "        middlewares: [strip]\n"
        + "    strip:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/chained\"]\n"
        + "    stripGuarded:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/guarded\"]\n"
        + "    tag:\n"
        + "      headers:\n"
        + "        customRequestHeaders:\n"
        + "          X-Tag: chained\n"
        + "    addApi:\n"
        + "      addPrefix:\n"
        + "        prefix: /api\n"
        + extraMiddlewares;

    [Fact]
    public async Task Chain_Nested_MembersRunInOrder()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "plain", "chained");

        var seen = await backend.ReceivedForAsync(node.Client, "/chained/x");

        Assert.Equal("/x", seen.RawTarget);
        Assert.Equal("chained", seen.Headers["X-Tag"]);
    }

    [Fact]
    public async Task ServiceMiddlewares_RunAfterTheRoutersOnTheServicesRequests()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, serviceMiddlewares: "addApi, tag"), "plain", "guarded");

        var guarded = await backend.ReceivedForAsync(node.Client, "/guarded/x");
        var plain = await backend.ReceivedForAsync(node.Client, "/other");

        // The router's stripPrefix first, then the service's addPrefix: /guarded/x -> /x -> /api/x.
        Assert.Equal("/api/x", guarded.RawTarget);
        Assert.Equal("chained", guarded.Headers["X-Tag"]);
        Assert.Equal("/other", plain.RawTarget);
        Assert.False(plain.Headers.ContainsKey("X-Tag"));
    }

    [Fact]
    public async Task Chain_ContainsItself_ErrorOnTheChainsOtherRoutersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var looping = Config(backend.Url).Replace("middlewares: [strip]", "middlewares: [strip, outer]", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(looping, "plain");

        await MiddlewareErrors.WaitForAsync(node.Api, "inner@file", "chain.middlewares", "chain contains itself: inner@file -> outer@file -> inner@file");
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "chained@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    [Fact]
    public async Task Chain_MemberMissing_ErrorNamesIt()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var missing = Config(backend.Url).Replace("middlewares: [strip]", "middlewares: [strip, nowhere@docker]", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(missing, "plain");

        await MiddlewareErrors.WaitForAsync(node.Api, "inner@file", "chain.middlewares", "middleware 'nowhere@docker' does not exist");
        await MiddlewareErrors.WaitForAsync(node.Api, "outer@file", "chain.middlewares", "middleware 'inner@file' has errors");
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "chained@file"));
    }

    [Fact]
    public async Task Chain_NestedDeeperThanTheBound_ErrorNamesTheBound()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var deep = string.Concat(Enumerable.Range(0, 20).Select(i => $"    deep{i}:\n      chain:\n        middlewares: [{(i == 19 ? "strip" : $"deep{i + 1}")}]\n"));
        await using var node = await TestNode.StartAsync(Config(backend.Url, deep), "plain");

        await MiddlewareErrors.WaitForAsync(node.Api, "deep0@file", "chain.middlewares", "chains nest more than 16 deep");
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    [Fact]
    public async Task ServiceMiddlewares_MissingOne_ErrorOnTheServiceItsRoutersDisabled()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, serviceMiddlewares: "tag, absent"), "plain");

        await Eventually.TrueAsync(
            async () => (await node.Api.GetStringAsync("/api/http/services/guarded@file")).Contains("middleware 'absent@file' does not exist", StringComparison.Ordinal),
            "the service's error naming its missing middleware");
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "guarded@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    [DockerFact(Timeout = 180_000)]
    public Task Chain_FromLabelsAndFromYaml_SameRequest() =>
        BothProviders.CheckAsync(
            "chain:\n  middlewares: [cut{id}, mark{id}]\n",
            ["chain.middlewares=cut{id},mark{id}"],
            [
                ("cut", "replacePath:\n  path: /cut\n", ["replacepath.path=/cut"]),
                ("mark", "redirectRegex:\n  regex: \"^http://[^/]+/cut$\"\n  replacement: \"http://example.test/marked\"\n", ["redirectregex.regex=^http://[^/]+/cut$", "redirectregex.replacement=http://example.test/marked"]),
            ],
            async target =>
            {
                using var response = await target.GetAsync("/anything");
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.Equal("http://example.test/marked", response.Headers.Location?.OriginalString);
            });
}
