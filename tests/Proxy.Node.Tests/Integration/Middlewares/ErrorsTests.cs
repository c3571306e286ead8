using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>errors through real nodes to real servers: which statuses are caught, what the error service is asked and what the client gets.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ErrorsTests
{
    private const string Query = "/errorpage/{status}?orig={originalStatus}&url={url}";

    [DockerFact(Timeout = 180_000)]
    public Task Errors_FromLabelsAndFromYaml_OriginalStatusWithErrorServicePage() =>
        BothProviders.CheckWithSecondServiceAsync(
            $"errors:\n  status: [\"500-599\", \"404\", \"418\"]\n  service: second{{id}}\n  query: \"{Query}\"\n  statusRewrites:\n    \"418\": 410\n",
            ["errors.status=500-599,404,418", "errors.service=second{id}", $"errors.query={Query}", "errors.statusrewrites.418=410"],
            async target =>
            {
                using var unavailable = new HttpRequestMessage(HttpMethod.Get, "/status/503?x=1");
                unavailable.Headers.Accept.ParseAdd("text/x-test");
                using var caught = await target.SendAsync(unavailable);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, caught.StatusCode);
                var url = WebUtility.UrlEncode($"http://{target.Host}/status/503?x=1");
                Assert.Equal($"page GET /errorpage/503?orig=503&url={url}\n", await caught.Content.ReadAsStringAsync());
                Assert.Equal("text/html", caught.Content.Headers.ContentType?.MediaType);
                // The client's Host and headers go to the error service, as Traefik copies them.
                Assert.Equal(target.Host, caught.Headers.GetValues("X-Page-Host").Single());
                Assert.Equal("text/x-test", caught.Headers.GetValues("X-Page-Accept").Single());

                using var notFound = await target.GetAsync("/status/404");
                Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
                Assert.StartsWith("page GET /errorpage/404?orig=404&", await notFound.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                using var rewritten = await target.GetAsync("/status/418");
                Assert.Equal(HttpStatusCode.Gone, rewritten.StatusCode);
                Assert.StartsWith("page GET /errorpage/410?orig=418&", await rewritten.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                using var head = await target.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/status/503"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
                Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());

                using var ok = await target.GetAsync("/fine");
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                Assert.Equal("GET /fine\n", await ok.Content.ReadAsStringAsync());
            });

    [Fact]
    public async Task Errors_ErrorServiceDown_OriginalStatusWithShortBody()
    {
        await using var origin = await TestBackend.StartAsync("origin", 2);
        origin.Healthy = false;
        var closed = $"http://127.0.0.1:{FreePort.Next()}";
        var yaml = Routes(origin.Url, closed, "/page");
        await using var node = await TestNode.StartAsync(yaml, "app");

        using var response = await node.Client.GetAsync("/health");

        // The origin's 500, not the 502 of the page request, with the short text Traefik's service writes.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Bad Gateway\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Errors_PageItselfAnErrorAndItsRouterUsesTheSameMiddleware_FetchedOnceNoLoop()
    {
        await using var origin = await TestBackend.StartAsync("origin", 2);
        await using var pages = await TestBackend.StartAsync("pages", 3);
        origin.Healthy = false;
        pages.Healthy = false;
        // The error service's own router goes through the same errors middleware: the page request must not.
        var yaml = Routes(origin.Url, pages.Url, "/health", extraRouters:
            "    pages:\n"
            + "      rule: \"Host(`pages.localhost`)\"\n"
            + "      service: pages\n"
            + "      middlewares: [errors]\n");
        await using var node = await TestNode.StartAsync(yaml, "app", "pages");

        using var response = await node.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("unhealthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, pages.HealthProbes);
        Assert.Equal(1, origin.HealthProbes);
    }

    [Fact]
    public async Task Errors_StatusOutsideRanges_StreamsUnbuffered()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = await StreamingServer.StartAsync(release.Task);
        await using var pages = await TestBackend.StartAsync("pages", 3);
        await using var node = await TestNode.StartAsync(Routes(origin.Url, pages.Url, "/page"), "app");

        using var response = await node.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[6];
        // The server sends the rest only once this arrived: a middleware that held the body back would never see it.
        await body.ReadExactlyAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        var rest = await new StreamReader(body).ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first\nsecond\n", System.Text.Encoding.ASCII.GetString(first) + rest);
        // The same router's errors middleware is on: a 502 from the same server is replaced.
        using var failed = await node.Client.GetAsync("/fail");
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal("pages", await failed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_Caught_AccessLogRecordsWhatTheClientGotAndWhatTheServerSent()
    {
        await using var origin = await TestBackend.StartAsync("origin", 2);
        await using var pages = await TestBackend.StartAsync("pages", 3);
        origin.Healthy = false;
        var path = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-accesslog-").FullName, "access.log");
        var yaml = Routes(origin.Url, pages.Url, "/page") + "        statusRewrites:\n          \"500\": 503\n";
        await using (var node = await TestNode.StartAsync(yaml, ["app"], ["--accesslog=true", $"--accesslog.filepath={path}", "--accesslog.format=json"]))
        {
            using var response = await node.Client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("pages", await response.Content.ReadAsStringAsync());
        }

        var entry = System.Text.Json.JsonDocument.Parse((await File.ReadAllLinesAsync(path)).Single()).RootElement;
        Assert.Equal(503, entry.GetProperty("DownstreamStatus").GetInt32());
        Assert.Equal(500, entry.GetProperty("OriginStatus").GetInt32());
        Assert.Equal("pages".Length, entry.GetProperty("DownstreamContentSize").GetInt64());
        Assert.Equal("unhealthy".Length, entry.GetProperty("OriginContentSize").GetInt64());
    }

    [Fact]
    public async Task Errors_ErrorRequestHeaders_AbsentAllListedOnlyThoseEmptyNone()
    {
        await using var origin = await TestBackend.StartAsync("origin", 2);
        await using var pages = await TestBackend.StartAsync("pages", 3);
        origin.Healthy = false;
        (string Name, string Option)[] middlewares = [("all", ""), ("only", "        errorRequestHeaders: [x-keep, Accept]\n"), ("none", "        errorRequestHeaders: []\n")];
        var yaml = "http:\n  routers:\n"
            + string.Concat(middlewares.Select(m => $"    {m.Name}:\n      rule: \"Host(`{m.Name}.test`)\"\n      service: app\n      middlewares: [{m.Name}]\n"))
            + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(origin.Url)
            + "    pages:\n      loadBalancer:\n" + Yaml.Servers(pages.Url)
            + "  middlewares:\n"
            + string.Concat(middlewares.Select(m => $"    {m.Name}:\n      errors:\n        status: [\"500\"]\n        service: pages\n        query: /page\n{m.Option}"));
        await using var node = await TestNode.StartAsync(yaml, "all", "only", "none");

        var asked = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var (name, _) in middlewares)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { Host = $"{name}.test" } };
            request.Headers.TryAddWithoutValidation("X-Keep", "kept");
            request.Headers.TryAddWithoutValidation("X-Drop", "dropped");
            request.Headers.TryAddWithoutValidation("Accept", "text/x-test");
            using var response = await node.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("pages", await response.Content.ReadAsStringAsync());
            asked[name] = pages.Received.Last(r => r.Path == "/page").Headers;
        }

        Assert.Equal("kept", asked["all"]["X-Keep"]);
        Assert.Equal("dropped", asked["all"]["X-Drop"]);
        Assert.Equal("kept", asked["only"]["X-Keep"]);
        Assert.Equal("text/x-test", asked["only"]["Accept"]);
        Assert.False(asked["only"].ContainsKey("X-Drop"));
        foreach (var header in (string[])["X-Keep", "X-Drop", "Accept"])
        {
            Assert.False(asked["none"].ContainsKey(header), $"{header} reached the error service through errorRequestHeaders: []");
        }

        // The Host still goes as the service passes it, whatever the list.
        Assert.Equal("none.test", pages.Received.Last(r => r.Path == "/page").Host);
    }

    [Theory]
    [InlineData("status: [\"500\"]\n        service: pages\n        errorRequestHeaders: [\"X Bad\"]", "errors.errorRequestHeaders[0]", "is not a valid header name")]
    [InlineData("status: [\"600-500\"]\n        service: pages", "errors.status[0]", "'600-500' is not a status code or a range")]
    [InlineData("status: [\"abc\"]\n        service: pages", "errors.status[0]", "'abc' is not a status code or a range")]
    [InlineData("status: []\n        service: pages", "errors.status", "needs at least one status code")]
    [InlineData("status: [\"500\"]", "errors.service", "is required")]
    [InlineData("status: [\"500\"]\n        service: nosuch", "errors.service", "service 'nosuch@file' does not exist")]
    [InlineData("status: [\"500\"]\n        service: pages\n        statusRewrites:\n          \"500\": abc", "errors.statusRewrites.500", "'abc' is not a status code")]
    public async Task Errors_BadValue_ErrorOnTheMiddlewareAndTheRestServes(string body, string field, string problem)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var other = "    other:\n      rule: \"PathPrefix(`/other`)\"\n      service: pages\n";
        var yaml = Routes(backend.Url, backend.Url, "/page", extraRouters: other).Replace(
            "      errors:\n        status: [\"500-599\"]\n        service: pages\n        query: /page\n", $"      errors:\n        {body}\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "other");

        await MiddlewareErrors.WaitForAsync(node.Api, "errors@file", field, problem);
        Assert.Equal("disabled", await RoutingApi.RouterStatusAsync(node.Api, "app@file"));
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/other")).StatusCode);
    }

    /// <summary>Router app on every path to service app, through errors (500-599) whose page service is pages.</summary>
    private static string Routes(string originUrl, string pagesUrl, string query, string extraRouters = "") =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: app\n"
        + "      middlewares: [errors]\n"
        + extraRouters
        + "  services:\n"
        + "    app:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(originUrl)
        + "    pages:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(pagesUrl)
        + "  middlewares:\n"
        + "    errors:\n"
        + "      errors:\n"
        + "        status: [\"500-599\"]\n"
        + "        service: pages\n"
        + $"        query: {query}\n";

    /// <summary>A real Kestrel server whose /stream sends a first line, then the second only once the test says so; /fail answers 502.</summary>
    private sealed class StreamingServer(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url => url;

        public static async Task<StreamingServer> StartAsync(Task release)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse("127.0.0.4"), 0));
            var app = builder.Build();
            app.Run(async context =>
            {
                if (context.Request.Path == "/fail")
                {
                    context.Response.StatusCode = 502;
                    await context.Response.WriteAsync("origin failure");
                    return;
                }

                await context.Response.WriteAsync("first\n");
                await context.Response.Body.FlushAsync();
                await release.WaitAsync(TimeSpan.FromSeconds(30));
                await context.Response.WriteAsync("second\n");
            });
            await app.StartAsync();
            var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new StreamingServer(app, bound);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
