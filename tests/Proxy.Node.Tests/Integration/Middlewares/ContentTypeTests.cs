using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>contentType through real nodes: a body without a Content-Type stays without one unless autoDetect.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ContentTypeTests
{
    [Theory(Timeout = 120_000)]
    [InlineData("", null)]
    [InlineData("    ct:\n      contentType:\n        autoDetect: false\n", null)]
    [InlineData("    ct:\n      contentType:\n        autoDetect: true\n", "text/html; charset=utf-8")]
    public async Task ContentType_BodyWithoutType_TypeOnlyWhenAutoDetect(string middleware, string? expected)
    {
        await using var backend = await ShapedBackend.StartAsync(2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url), middleware, middleware.Length > 0 ? "ct" : ""), "app");

        using var untyped = await node.Client.GetAsync("/notype");
        using var typed = await node.Client.GetAsync("/json");

        Assert.Equal(expected, untyped.Content.Headers.ContentType?.ToString());
        Assert.Equal("<html><body>no type given</body></html>", await untyped.Content.ReadAsStringAsync());
        Assert.Equal("application/json", typed.Content.Headers.ContentType?.ToString());
    }

    [DockerFact(Timeout = 240_000)]
    public Task ContentType_FromLabelsAndFromYaml_SameDetection() =>
        BothProviders.CheckAsync(
            "contentType:\n  autoDetect: true\n",
            ["contenttype.autodetect=true"],
            async target =>
            {
                using var untyped = await target.GetAsync("/notype.html");
                using var typed = await target.GetAsync("/text.txt");
                Assert.Equal("text/html; charset=utf-8", untyped.Content.Headers.ContentType?.ToString());
                Assert.Equal("text/plain", typed.Content.Headers.ContentType?.ToString());
            });
}
