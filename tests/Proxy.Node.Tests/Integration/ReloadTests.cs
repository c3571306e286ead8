using System.Net;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class ReloadTests
{
    private static string Config(string version, params string[] servers) =>
        Yaml.SingleRoute(
            Yaml.Servers(servers),
            "    tag:\n"
            + "      headers:\n"
            + "        customResponseHeaders:\n"
            + $"          X-Config: {version}\n",
            "tag");

    [Fact]
    public async Task FileEdit_UnderLoad_NoFailuresAndChangesTakeEffect()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Config("v1", a.Url), "app");

        // The load runs until the last edit has served: a fixed count could be done before the
        // first edit applied (a few thousand requests can take less than the file watcher's debounce).
        var run = LoadRun.Start(node.Client, "/", total: 1_000_000, concurrency: 8, TimeSpan.FromSeconds(60), out var running, watchHeader: "X-Config");
        var edits = new[] { ("v2", Config("v2", a.Url, b.Url)), ("v3", Config("v3", a.Url)), ("v4", Config("v4", a.Url, b.Url)), ("v5", Config("v5", b.Url, a.Url)) };
        foreach (var (version, edit) in edits)
        {
            await node.WriteConfigAsync(edit);
            // Let each version serve some requests before the next edit replaces it.
            await Eventually.TrueAsync(() => run.HeaderValues.GetValueOrDefault(version) >= 200, $"200 requests served by {version}", TimeSpan.FromSeconds(15));
        }

        run.Stop();
        await running;

        Assert.True(run.Failures == 0, run.Describe());
        Assert.True(run.Backends.GetValueOrDefault("b") > 0, run.Describe());
        Assert.True(run.HeaderValues.ContainsKey("v5"), string.Join(", ", run.HeaderValues));
        using var last = await node.Client.GetAsync("/");
        Assert.Equal("v5", last.Headers.GetValues("X-Config").Single());
    }

    [Fact]
    public async Task InvalidEdit_BadYamlThenBadRule_KeepsServingAndApiShowsError()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");

        await node.WriteConfigAsync("http:\n  routers: [unclosed\n");
        await Eventually.TrueAsync(
            async () =>
            {
                using var overview = await node.GetApiJsonAsync("/api/overview");
                return overview.RootElement.GetProperty("providers").EnumerateArray()
                    .Any(p => p.GetProperty("name").GetString() == "file" && p.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.Array);
            },
            "the file provider's error in /api/overview");
        Assert.Equal("a", await node.Client.GetStringAsync("/"));

        await node.WriteConfigAsync(
            "http:\n"
            + "  routers:\n"
            + "    app:\n"
            + "      rule: \"PathPrefix(`/`)\"\n"
            + "      service: app\n"
            + "    broken:\n"
            + "      rule: \"PathPrefix(`/broken`\"\n"
            + "      service: app\n"
            + "  services:\n"
            + "    app:\n"
            + "      loadBalancer:\n"
            + Yaml.Servers(a.Url));
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await node.Api.GetAsync("/api/http/routers/broken@file");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                using var router = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return router.RootElement.TryGetProperty("error", out var error) && error.GetArrayLength() > 0
                    && router.RootElement.GetProperty("status").GetString() == "disabled";
            },
            "router broken@file disabled with an error");
        Assert.Equal("a", await node.Client.GetStringAsync("/"));
        Assert.Equal("a", await node.Client.GetStringAsync("/broken"));
    }
}
