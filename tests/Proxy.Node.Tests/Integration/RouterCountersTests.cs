using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class RouterCountersTests
{
    private static string Config(string otherRule, string backend, string deadServer) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/app`)\"\n"
        + "      service: app\n"
        + "      middlewares: [tag]\n"
        + "    other:\n"
        + $"      rule: \"{otherRule}\"\n"
        + "      service: dead\n"
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backend)
        + "    dead:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(deadServer)
        + "  middlewares:\n"
        + "    tag:\n"
        + "      headers:\n"
        + "        customResponseHeaders:\n"
        + "          X-Tag: one\n";

    [Fact]
    public async Task Api_AnotherRouterReloaded_UnchangedRouterCountsOnAndChangedOneStartsAnew()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        await using var node = await TestNode.StartAsync(Config("PathPrefix(`/other`)", a.Url, dead), "app", "other");
        for (var i = 0; i < 3; i++)
        {
            using var served = await node.Client.GetAsync("/app");
            Assert.Equal("one", served.Headers.GetValues("X-Tag").Single());
        }

        using (var failed = await node.Client.GetAsync("/other"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        Assert.Equal((3, 3, 0), await CountsAsync(node, "app"));
        Assert.Equal((1, 0, 1), await CountsAsync(node, "other"));

        await node.WriteConfigAsync(Config("PathPrefix(`/else`)", a.Url, dead));
        // Until the edit applies no router matches /else: app counts none of these polls.
        await Eventually.TrueAsync(
            async () => (await node.Client.GetAsync("/else")).StatusCode == HttpStatusCode.BadGateway, "/else routed to the edited router");
        using (var again = await node.Client.GetAsync("/app"))
        {
            again.EnsureSuccessStatusCode();
        }

        Assert.Equal((4, 4, 0), await CountsAsync(node, "app"));
        Assert.Equal((1, 0, 1), await CountsAsync(node, "other"));
    }

    /// <summary>
    /// A client's failure is never counted as the servers' (<c>failed</c>): each way a client can fail
    /// a request ends as served (a status the server chose) or as clientFailed, however it surfaced
    /// (a cancellation, an IOException, a connection reset).
    /// </summary>
    [Theory]
    [MemberData(nameof(ClientFailureHealthTests.ClassesWithAndWithoutRetry), MemberType = typeof(ClientFailureHealthTests))]
    public async Task Api_ClientCausedFailure_CountedServedOrClientFailedNeverFailed(string name, bool retry)
    {
        var failure = ClientFailure.All[name];
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = retry ? Yaml.SingleRoute(Yaml.Servers(a.Url), Yaml.Retry3, "retry") : Yaml.SingleRoute(Yaml.Servers(a.Url));
        await using var node = await TestNode.StartAsync(yaml, ["app"], ClientFailureHealthTests.ShortTimeout);

        await failure.PlayAsync(node.WebPort, a);

        // The count is taken when the proxy's handler ends, which may be after the client left.
        await Eventually.TrueAsync(async () => (await RequestsAsync(node, "app")).GetProperty("total").GetInt64() == 1, "the request counted");
        var requests = await RequestsAsync(node, "app");
        Assert.Equal(0, requests.GetProperty("failed").GetInt64());
        Assert.Equal(1, requests.GetProperty("served").GetInt64() + requests.GetProperty("clientFailed").GetInt64());
    }

    /// <summary>
    /// A server that dies mid-body on a router with retry: the proxy then aborts the client's connection,
    /// which cancels the request, but the classifier's verdict (the server's failure) decides the count.
    /// </summary>
    [Fact]
    public async Task Api_ServerDiesMidBodyOnRetryRouter_CountedFailedNotClientFailed()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url), Yaml.Retry3, "retry"), "app");

        try
        {
            using var response = await node.Client.GetAsync("/big?size=4000000&abortAfter=200000");
            await response.Content.ReadAsByteArrayAsync();
        }
        catch (HttpRequestException)
        {
            // The body was cut: what the client sees of the server's failure.
        }

        await Eventually.TrueAsync(async () => (await RequestsAsync(node, "app")).GetProperty("total").GetInt64() == 1, "the request counted");
        var requests = await RequestsAsync(node, "app");
        Assert.Equal(0, requests.GetProperty("clientFailed").GetInt64());
        Assert.Equal(1, requests.GetProperty("failed").GetInt64());
    }

    private static async Task<JsonElement> RequestsAsync(TestNode node, string router)
    {
        using var json = await node.GetApiJsonAsync($"/api/http/routers/{router}@file");
        return json.RootElement.GetProperty("requests").Clone();
    }

    private static async Task<(long Total, long Served, long Failed)> CountsAsync(TestNode node, string router)
    {
        using var json = await node.GetApiJsonAsync($"/api/http/routers/{router}@file");
        var requests = json.RootElement.GetProperty("requests");
        return (Read(requests, "total"), Read(requests, "served"), Read(requests, "failed"));

        static long Read(JsonElement requests, string name) => requests.GetProperty(name).GetInt64();
    }
}
