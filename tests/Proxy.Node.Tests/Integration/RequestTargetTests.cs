namespace Proxy.Node.Tests.Integration;

/// <summary>The request target a backend receives, compared byte for byte with what the client sent.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RequestTargetTests
{
    private static string Config(string backendUrl) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "    strip:\n"
        + "      rule: \"PathPrefix(`/strip`)\"\n"
        + "      service: app\n"
        + "      middlewares: [strip]\n"
        + "    add:\n"
        + "      rule: \"PathPrefix(`/add`)\"\n"
        + "      service: app\n"
        + "      middlewares: [add]\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "  middlewares:\n"
        + "    strip:\n"
        + "      stripPrefix:\n"
        + "        prefixes: [\"/strip\"]\n"
        + "    add:\n"
        + "      addPrefix:\n"
        + "        prefix: /api\n";

    [Theory]
    [InlineData("/a%2f..", "/a%2f..")]
    [InlineData("/a%2F..%2Fb", "/a%2F..%2Fb")]
    [InlineData("/a%252Fb", "/a%252Fb")]
    [InlineData("/a%25b", "/a%25b")]
    [InlineData("/a%41b%7e", "/a%41b%7e")]
    [InlineData("/caf%C3%A9/%E2%9C%93", "/caf%C3%A9/%E2%9C%93")]
    [InlineData("/a\\b", "/a\\b")]
    [InlineData("/search?q=%2F%25%26x&y=%C3%A9&z=a+b", "/search?q=%2F%25%26x&y=%C3%A9&z=a+b")]
    [InlineData("/a/./b//c", "/a/b//c")]
    [InlineData("/x/%2e%2e/y", "/y")]
    [InlineData("/x/%2E./y/.", "/y/")]
    [InlineData("/x/y/..", "/x/")]
    [InlineData("/a%zz%", "/a%zz%")]
    [InlineData("http://app.example.test/a%2Fb?q=1", "/a%2Fb?q=1")]
    [InlineData("/str%69p/a%2Fb", "/a%2Fb")]
    [InlineData("/strip/a%2Fb?q=%2F", "/a%2Fb?q=%2F")]
    [InlineData("/strip", "/")]
    [InlineData("/strip/%2e%2e/strip/c%25d", "/c%25d")]
    [InlineData("/add/a%2Fb", "/api/add/a%2Fb")]
    public async Task Forwarding_EncodedTarget_BackendReceivesItAsSent(string sent, string expected)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(a.Url), "app", "strip", "add");

        Assert.Equal(200, await RawHttp.StatusOfGetAsync(node.WebPort, sent));

        Assert.Equal(expected, Assert.Single(a.Received).RawTarget);
    }
}
