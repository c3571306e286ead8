using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Proxy.Node.Tests.Integration.Dashboard;

/// <summary>
/// The dashboard in a real headless browser against a real node: what a person sees on each page,
/// and that it follows changes without a reload. Screenshots land in TestResults/dashboard.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DashboardTests : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    private IBrowserContext Browser => _browser ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(10_000);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    [ChromiumFact]
    public async Task Overview_InvalidRouter_ErrorOneClickAwayWithSourceAndMessage()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(a.Url), middlewares: Yaml.Retry3, routerMiddlewares: "retry")
            .Replace("  services:\n", "    broken:\n      rule: \"Bogus(`x`)\"\n      service: app\n  services:\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "app");
        var page = await Browser.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/");
        var errors = page.Locator("table", new() { Has = page.Locator("th", new() { HasText = "message" }) });
        await Expect(page.Locator("main")).ToContainTextAsync("web");
        await Expect(errors).ToContainTextAsync("broken@file");
        await Chromium.ScreenshotAsync(page, "overview");

        await errors.GetByRole(AriaRole.Link, new() { Name = "broken@file" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/routers/broken%40file$"));
        var details = page.Locator("table").First;
        await Expect(details).ToContainTextAsync("file");
        await Expect(details).ToContainTextAsync("Bogus");
        await Expect(page.Locator("h2").First).ToContainTextAsync("disabled");
        await Chromium.ScreenshotAsync(page, "router-error");
    }

    [ChromiumFact]
    public async Task RoutersAndMiddlewares_Pages_ShowRuleServiceAndMiddlewareRows()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url), middlewares: Yaml.Retry3, routerMiddlewares: "retry"), "app");
        var page = await Browser.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/routers");
        var row = page.Locator("tr", new() { HasText = "app@file" });
        await Expect(row).ToContainTextAsync("PathPrefix(`/`)");
        await Expect(row).ToContainTextAsync("web");
        await Expect(row).ToContainTextAsync("retry");
        await Expect(row).ToContainTextAsync("enabled");
        await Chromium.ScreenshotAsync(page, "routers");

        await page.GetByRole(AriaRole.Link, new() { Name = "Middlewares" }).ClickAsync();
        var middleware = page.Locator("tr", new() { HasText = "retry@file" });
        await Expect(middleware).ToContainTextAsync("retry");
        await Expect(middleware).ToContainTextAsync("app@file");
        await Chromium.ScreenshotAsync(page, "middlewares");

    }

    [ChromiumFact]
    public async Task Services_BackendFailsHealthCheck_ServerTurnsDownWithoutReload()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), loadBalancerExtra: Yaml.HealthCheck), "app");
        var page = await Browser.NewPageAsync();
        // As a node without /metrics answers, whether or not this branch has it.
        await page.RouteAsync("**/metrics", route => route.FulfillAsync(new() { Status = 404 }));

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/services/app%40file");
        var serverB = page.Locator("#servers tr", new() { HasText = b.Url });
        await Expect(serverB).ToContainTextAsync("UP");
        await Expect(page.Locator("#metrics-unavailable")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "service-up");

        b.Healthy = false;
        await Expect(serverB).ToContainTextAsync("DOWN");
        await Expect(page.Locator("#servers tr", new() { HasText = a.Url })).ToContainTextAsync("UP");
        await Chromium.ScreenshotAsync(page, "service-down");

        await page.GetByRole(AriaRole.Link, new() { Name = "Services", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "app@file" })).ToContainTextAsync("1/2 UP");
        await Chromium.ScreenshotAsync(page, "services");
    }

    [ChromiumFact]
    public async Task Services_TwoScrapesOfMetrics_RateErrorRatioAndP99PerService()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        var page = await Browser.NewPageAsync();
        // Each scrape of this stand-in for /metrics adds 20 requests (2 of them 500s): 10 within 10 ms and
        // 10 more within 100 ms, so p99 interpolates to 10 + 90 * 9.8 / 10 = 98.2 ms.
        var scrapes = 0;
        await page.RouteAsync("**/metrics", route =>
        {
            var n = Interlocked.Increment(ref scrapes);
            return route.FulfillAsync(new() { Status = 200, ContentType = "text/plain; version=0.0.4", Body = Metrics(n) });
        });

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/services");
        var row = page.Locator("tr", new() { HasText = "app@file" });
        await Expect(row).ToContainTextAsync("98.2 ms");
        await Expect(row).ToContainTextAsync("(10.0%)");
        await Expect(page.Locator("#metrics-unavailable")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "services-metrics");
    }

    [ChromiumFact]
    public async Task Services_MetricsOff_LiveAttemptRateFromTheApisServerCounters()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        var page = await Browser.NewPageAsync();
        // As a node started with the default --metrics.prometheus=false.
        await page.RouteAsync("**/metrics", route => route.FulfillAsync(new() { Status = 404 }));
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await node.Client.GetStringAsync("/");
                await Task.Delay(20);
            }
        });

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/services");
        var rate = page.Locator("tr", new() { HasText = "app@file" }).Locator(".attempts").First;
        // Some tens of requests a second: any figure but 0.00 shows the rate is live.
        await Expect(rate).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(?!0\\.00$)\\d+\\.\\d+$"));
        await Expect(page.Locator("#metrics-unavailable")).ToContainTextAsync("attempts per second from the API's server counters");
        await Chromium.ScreenshotAsync(page, "services-attempts");

        await page.GotoAsync($"http://127.0.0.1:{node.ApiPort}/dashboard/#/services/app%40file");
        await Expect(page.Locator("#rates")).ToContainTextAsync("attempts/s");
        await stop.CancelAsync();
        await traffic;
    }

    [ChromiumFact]
    public async Task Cluster_TwoNodeProcesses_MembersUpWithLeaderAndThisNode()
    {
        var seedPort = FreePort.Next();
        var apiPort = FreePort.Next();
        using var seed = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}", $"--api.address=127.0.0.1:{apiPort}",
            $"--cluster.port={seedPort}", $"--cluster.seeds=127.0.0.1:{seedPort}",
        ]);
        using var other = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}", $"--api.address=127.0.0.1:{FreePort.Next()}",
            "--cluster.port=0", $"--cluster.seeds=127.0.0.1:{seedPort}",
        ]);
        var page = await Browser.NewPageAsync();

        using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await api.GetAsync("/dashboard/")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the seed's dashboard to answer",
            TimeSpan.FromSeconds(30));

        await page.GotoAsync($"http://127.0.0.1:{apiPort}/dashboard/#/cluster");
        var members = page.Locator("tr", new() { HasText = "akka.tcp://" });
        await Expect(members.Filter(new() { HasText = "Up" })).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var self = members.Filter(new() { HasText = "(this node)" });
        await Expect(self).ToContainTextAsync($"127.0.0.1:{seedPort}");
        await Expect(self).ToContainTextAsync("reachable");
        await Expect(self).Not.ToContainTextAsync("unreachable");
        await Expect(page.Locator("main")).ToContainTextAsync("leader");
        await Chromium.ScreenshotAsync(page, "cluster");
    }

    private static string Metrics(int scrape)
    {
        var buckets = new (string Le, int PerScrape)[] { ("0.005", 0), ("0.01", 10), ("0.1", 20), ("+Inf", 20) };
        return "# TYPE proxy_service_requests_total counter\n"
            + $"proxy_service_requests_total{{service=\"app@file\",code=\"200\"}} {18 * scrape}\n"
            + $"proxy_service_requests_total{{service=\"app@file\",code=\"500\"}} {2 * scrape}\n"
            + "# TYPE proxy_service_request_duration_seconds histogram\n"
            + string.Concat(buckets.Select(b => $"proxy_service_request_duration_seconds_bucket{{service=\"app@file\",le=\"{b.Le}\"}} {b.PerScrape * scrape}\n"))
            + $"proxy_service_request_duration_seconds_count{{service=\"app@file\"}} {20 * scrape}\n";
    }
}
