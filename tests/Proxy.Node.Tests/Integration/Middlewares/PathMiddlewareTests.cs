using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>replacePath, replacePathRegex and stripPrefixRegex through real nodes: what the server receives.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class PathMiddlewareTests
{
    private static string Config(string backendUrl) =>
        "http:\n"
        + "  routers:\n"
        + "    replace:\n"
        + "      rule: \"PathPrefix(`/replace`)\"\n"
        + "      service: app\n"
        + "      middlewares: [replace]\n"
        + "    regex:\n"
        + "      rule: \"PathPrefix(`/regex`)\"\n"
        + "      service: app\n"
        + "      middlewares: [regex]\n"
        + "    strip:\n"
        + "      rule: \"PathPrefix(`/api`)\"\n"
        + "      service: app\n"
        + "      middlewares: [stripRegex]\n"
        + "    both:\n"
        + "      rule: \"PathPrefix(`/both`)\"\n"
        + "      service: app\n"
        + "      middlewares: [stripBoth, regexAfterStrip]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    replace:\n"
        + "      replacePath:\n"
        + "        path: /fixed%20path\n"
        + "    regex:\n"
        + "      replacePathRegex:\n"
        + "        regex: \"^/regex/(?P<kind>[a-z]+)/(.*)\"\n"
        + "        replacement: \"/v2/$2/${kind}\"\n"
        + "    stripRegex:\n"
        + "      stripPrefixRegex:\n"
        + "        regex: [\"/api/v[0-9]+\", \"/api/[a-z]+-\"]\n"
        + "    stripBoth:\n"
        + "      stripPrefixRegex:\n"
        + "        regex: [\"/both\"]\n"
        + "    regexAfterStrip:\n"
        + "      replacePathRegex:\n"
        + "        regex: \"^/x\"\n"
        + "        replacement: \"/y\"\n";

    [Fact]
    public async Task ReplacePath_AnyPath_ServerGetsConfiguredPathAndOldOneInXReplacedPath()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "replace");

        var seen = await backend.ReceivedForAsync(node.Client, "/replace/a%2Fb?q=1");

        Assert.Equal("/fixed%20path?q=1", seen.RawTarget);
        Assert.Equal("/replace/a%2Fb", seen.Headers["X-Replaced-Path"]);
    }

    [Fact]
    public async Task ReplacePathRegex_Matches_GoTemplateExpandedNoMatchUnchanged()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "regex");

        var matched = await backend.ReceivedForAsync(node.Client, "/regex/users/42?x=y");
        var unmatched = await backend.ReceivedForAsync(node.Client, "/regex/42");

        Assert.Equal("/v2/42/users?x=y", matched.RawTarget);
        Assert.Equal("/regex/users/42", matched.Headers["X-Replaced-Path"]);
        Assert.Equal("/regex/42", unmatched.RawTarget);
        Assert.False(unmatched.Headers.ContainsKey("X-Replaced-Path"));
    }

    [Fact]
    public async Task StripPrefixRegex_FirstMatchingRegex_StrippedEvenInsideASegmentPrefixForwarded()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "strip");

        var versioned = await backend.ReceivedForAsync(node.Client, "/api/v12/users");
        var inSegment = await backend.ReceivedForAsync(node.Client, "/api/shop-items/1");
        var whole = await backend.ReceivedForAsync(node.Client, "/api/v1");

        Assert.Equal("/users", versioned.RawTarget);
        Assert.Equal("/api/v12", versioned.Headers["X-Forwarded-Prefix"]);
        Assert.Equal("/items/1", inSegment.RawTarget);
        Assert.Equal("/api/shop-", inSegment.Headers["X-Forwarded-Prefix"]);
        Assert.Equal("/", whole.RawTarget);
    }

    [Fact]
    public async Task PathMiddlewares_InChain_EachSeesThePathTheOneBeforeLeft()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "both");

        var seen = await backend.ReceivedForAsync(node.Client, "/both/x/z");

        Assert.Equal("/y/z", seen.RawTarget);
        Assert.Equal("/x/z", seen.Headers["X-Replaced-Path"]);
    }

    [Fact]
    public async Task XReplacedPath_FromUntrustedClient_Removed()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url), "strip");
        backend.ResetCounts();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/x");
        request.Headers.TryAddWithoutValidation("X-Replaced-Path", "/admin");

        using var response = await node.Client.SendAsync(request);

        Assert.False(Assert.Single(backend.Received).Headers.ContainsKey("X-Replaced-Path"));
    }

    [Theory]
    [InlineData("replacePathRegex:\n        regex: \"(a\"\n        replacement: /b", "replacePathRegex.regex", "is not a valid regular expression")]
    [InlineData("replacePathRegex:\n        regex: \"(a)\\\\1\"\n        replacement: /b", "replacePathRegex.regex", "linear time")]
    [InlineData("replacePathRegex:\n        regex: a", "replacePathRegex.replacement", "is required")]
    [InlineData("stripPrefixRegex:\n        regex: [\"[z-a]\"]", "stripPrefixRegex.regex[0]", "reversed character range")]
    [InlineData("stripPrefixRegex:\n        regex: []", "stripPrefixRegex.regex", "needs at least one")]
    [InlineData("replacePath:\n        path: relative", "replacePath.path", "must start with '/'")]
    [InlineData("redirectRegex:\n        regex: \"^http://(.*\"\n        replacement: https://$1", "redirectRegex.regex", "is not a valid regular expression")]
    public async Task PathMiddleware_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string body, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var yaml = Config(backend.Url).Replace(
            "    replace:\n      replacePath:\n        path: /fixed%20path\n", $"    replace:\n      {body}\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "regex", "strip");

        await MiddlewareErrors.WaitForAsync(node.Api, "replace@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "replace@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/api/v1/x")).StatusCode);
    }

    [DockerFact(Timeout = 180_000)]
    public Task ReplacePathRegex_FromLabelsAndFromYaml_SameTarget() =>
        BothProviders.CheckAsync(
            "replacePathRegex:\n  regex: \"^/old/(.*)\"\n  replacement: \"/new/$1\"\n",
            ["replacepathregex.regex=^/old/(.*)", "replacepathregex.replacement=/new/$1"],
            async target =>
            {
                using var response = await target.GetAsync("/old/a?b=c");
                Assert.Equal("/new/a?b=c", Header(response, "Uri"));
                Assert.Equal("/old/a", Header(response, "Replaced-Path"));
            });

    [DockerFact(Timeout = 180_000)]
    public Task ReplacePath_FromLabelsAndFromYaml_SameTarget() =>
        BothProviders.CheckAsync(
            "replacePath:\n  path: /here\n",
            ["replacepath.path=/here"],
            async target =>
            {
                using var response = await target.GetAsync("/there?b=c");
                Assert.Equal("/here?b=c", Header(response, "Uri"));
                Assert.Equal("/there", Header(response, "Replaced-Path"));
            });

    [DockerFact(Timeout = 180_000)]
    public Task StripPrefixRegex_FromLabelsAndFromYaml_SameTarget() =>
        BothProviders.CheckAsync(
            "stripPrefixRegex:\n  regex: [\"/v[0-9]+\", \"/old\"]\n",
            ["stripprefixregex.regex=/v[0-9]+,/old"],
            async target =>
            {
                using var versioned = await target.GetAsync("/v3/items");
                using var old = await target.GetAsync("/old/items");
                Assert.Equal("/items", Header(versioned, "Uri"));
                Assert.Equal("/v3", Header(versioned, "Forwarded-Prefix"));
                Assert.Equal("/items", Header(old, "Uri"));
            });

    private static string? Header(HttpResponseMessage response, string echoed) =>
        response.Headers.TryGetValues(EchoNginx.Echoed(echoed), out var values) ? values.First() : null;
}
