using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>redirectRegex through real nodes: the URL Traefik matches, the Go template, no redirect to the same URL, hostile Hosts.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RedirectRegexTests
{
    private static string Config(string backendUrl, string regex, string replacement) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "      middlewares: [moved]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    moved:\n"
        + "      redirectRegex:\n"
        + $"        regex: \"{regex}\"\n"
        + $"        replacement: \"{replacement}\"\n";

    private static Task<HttpResponseMessage> Get(TestNode node, string target, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.TryAddWithoutValidation("Host", host);
        return node.Client.SendAsync(request);
    }

    [Fact]
    public async Task RedirectRegex_MatchingUrl_RedirectedWithGroupsNonMatchingForwarded()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, "^http://(?P<host>[^/:]+):8000/blog/(.*)", "https://${host}/articles/$2"), "app");

        using var matched = await Get(node, "/blog/2024/post?draft=1", "site.example:8000");
        using var other = await Get(node, "/shop", "site.example:8000");

        Assert.Equal(HttpStatusCode.Found, matched.StatusCode);
        Assert.Equal("https://site.example/articles/2024/post?draft=1", matched.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task RedirectRegex_ReplacementGivesSameUrl_Forwarded()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "^(http://.*)$", "$1"), "app");

        using var response = await Get(node, "/page", "site.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RedirectRegex_HostNotAHostName_BadRequestNoLocation()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "^http://([^/]+)/(.*)", "https://$1/$2"), "app");

        using var response = await Get(node, "/x", "evil.example/@good.example");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [DockerFact(Timeout = 180_000)]
    public Task RedirectRegex_FromLabelsAndFromYaml_SameRedirects() =>
        BothProviders.CheckAsync(
            "redirectRegex:\n  regex: \"^http://([^/]+)/old/(.*)\"\n  replacement: \"http://${1}/new/$2\"\n  permanent: true\n",
            ["redirectregex.regex=^http://([^/]+)/old/(.*)", "redirectregex.replacement=http://${1}/new/$2", "redirectregex.permanent=true"],
            async target =>
            {
                using var moved = await target.GetAsync("/old/a?b=c");
                using var post = await target.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/old/form") { Content = new StringContent("x") });
                using var kept = await target.GetAsync("/kept");
                Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
                Assert.Equal($"http://{target.Host}/new/a?b=c", moved.Headers.Location?.OriginalString);
                Assert.Equal(HttpStatusCode.PermanentRedirect, post.StatusCode);
                Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
                Assert.Equal("/kept", kept.Headers.TryGetValues(EchoNginx.Echoed("Uri"), out var uri) ? uri.First() : null);
            });
}
