using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>circuitBreaker from the file provider: each function of the grammar trips, falls back, recovers and closes.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CircuitBreakerTests
{
    private static string Config(string expression, string backendUrl, string otherUrl, string extra = "") =>
        "http:\n"
        + "  routers:\n"
        + "    guarded:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: flaky\n"
        + "      middlewares: [cb]\n"
        + "    neighbour:\n"
        + "      rule: \"PathPrefix(`/neighbour`)\"\n"
        + "      service: other\n"
        + "      middlewares: [cb]\n"
        + "  services:\n"
        + "    flaky:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(backendUrl)
        + "    other:\n"
        + "      loadBalancer:\n"
        + Yaml.Servers(otherUrl)
        + "  middlewares:\n"
        + "    cb:\n"
        + "      circuitBreaker:\n"
        + $"        expression: \"{expression}\"\n"
        + "        checkPeriod: 100ms\n"
        + "        fallbackDuration: 1s\n"
        + "        recoveryDuration: 2s\n"
        + extra;

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_NetworkErrorRatio_TripsFallsBackRecoversAndCloses()
    {
        await using var flaky = await FlakyBackend.StartAsync(61);
        await using var other = await FlakyBackend.StartAsync(62);
        await using var node = await TestNode.StartAsync(Config("NetworkErrorRatio() > 0.5", flaky.Url, other.Url), "guarded", "neighbour");

        await BreakerScenario.RunAsync(node.Client, () => new HttpRequestMessage(HttpMethod.Get, "/"), flaky, FlakyMode.Dropping, 503, "Service Unavailable");
    }

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_ResponseCodeRatio_TripsWithConfiguredResponseCode()
    {
        await using var flaky = await FlakyBackend.StartAsync(61);
        await using var other = await FlakyBackend.StartAsync(62);
        await using var node = await TestNode.StartAsync(
            Config("ResponseCodeRatio(500, 600, 0, 600) > 0.5", flaky.Url, other.Url, "        responseCode: 429\n"), "guarded", "neighbour");

        await BreakerScenario.RunAsync(node.Client, () => new HttpRequestMessage(HttpMethod.Get, "/"), flaky, FlakyMode.Failing, 429, "Too Many Requests");
    }

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_LatencyAtQuantileOrElse_TripsOnSlowResponses()
    {
        await using var flaky = await FlakyBackend.StartAsync(61);
        await using var other = await FlakyBackend.StartAsync(62);
        await using var node = await TestNode.StartAsync(
            Config("LatencyAtQuantileMS(50.0) > 100 || (NetworkErrorRatio() > 0.9 && ResponseCodeRatio(500, 600, 0, 600) >= 1)", flaky.Url, other.Url),
            "guarded", "neighbour");

        await BreakerScenario.RunAsync(node.Client, () => new HttpRequestMessage(HttpMethod.Get, "/"), flaky, FlakyMode.Slow, 503, "Service Unavailable");
    }

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_LatencyWithSlowBodies_MeasuredToTheHeadersAndNeverTrips()
    {
        await using var shaped = await ShapedBackend.StartAsync(63);
        await using var other = await FlakyBackend.StartAsync(62);
        await using var node = await TestNode.StartAsync(Config("LatencyAtQuantileMS(50.0) > 100", shaped.Url, other.Url), "guarded", "neighbour");

        // Headers at once, the body held for 600 ms: a long poll, or a client that reads slowly.
        var streams = Enumerable.Range(0, 3)
            .Select(_ => node.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead))
            .ToList();
        var responses = await Task.WhenAll(streams);
        await Task.Delay(600);
        shaped.Release();
        foreach (var response in responses)
        {
            Assert.EndsWith("event two\n", await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        for (var i = 0; i < 6; i++)
        {
            using var fast = await node.Client.GetAsync("/small");
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
            await Task.Delay(150);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_OneRouterTripped_OtherRouterWithSameMiddlewareServes()
    {
        await using var flaky = await FlakyBackend.StartAsync(61);
        await using var other = await FlakyBackend.StartAsync(62);
        await using var node = await TestNode.StartAsync(Config("ResponseCodeRatio(500, 600, 0, 600) > 0.5", flaky.Url, other.Url), "guarded", "neighbour");
        flaky.Mode = FlakyMode.Failing;

        await Eventually.TrueAsync(
            async () => (await node.Client.GetAsync("/")).StatusCode == HttpStatusCode.ServiceUnavailable, "the guarded router's breaker to trip");

        // Traefik builds a breaker per router: the neighbour's has its own metrics and stays closed.
        using var neighbour = await node.Client.GetAsync("/neighbour");
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
        Assert.Equal("healthy", await neighbour.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task CircuitBreaker_BadExpressionAndNegativeSizes_ReportedOnTheirMiddlewaresRestServes()
    {
        await using var backend = await FlakyBackend.StartAsync(61);
        var yaml =
            "http:\n"
            + "  routers:\n"
            + "    good:\n"
            + "      rule: \"PathPrefix(`/`)\"\n"
            + "      service: app\n"
            + "    broken:\n"
            + "      rule: \"PathPrefix(`/broken`)\"\n"
            + "      service: app\n"
            + "      middlewares: [cb, buf]\n"
            + "  services:\n"
            + "    app:\n"
            + "      loadBalancer:\n"
            + Yaml.Servers(backend.Url)
            + "  middlewares:\n"
            + "    cb:\n"
            + "      circuitBreaker:\n"
            + "        expression: \"NetworkErrorRatio() > 0.5 && Latency(50) > 3\"\n"
            + "    buf:\n"
            + "      buffering:\n"
            + "        maxRequestBodyBytes: -1\n";
        await using var node = await TestNode.StartAsync(yaml, "good");

        using var good = await node.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using var middlewares = await node.GetApiJsonAsync("/api/http/middlewares");
        var byName = middlewares.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        var cbError = JoinedErrors(byName["cb@file"]);
        Assert.Contains("http.middlewares.cb.circuitBreaker.expression", cbError);
        Assert.Contains("at column 30: unknown function 'Latency'", cbError);
        var bufError = JoinedErrors(byName["buf@file"]);
        Assert.Contains("http.middlewares.buf.buffering.maxRequestBodyBytes", bufError);
        Assert.Contains("must not be negative, got -1", bufError);
    }

    private static string JoinedErrors(JsonElement middleware) =>
        middleware.TryGetProperty("error", out var error)
            ? error.ValueKind == JsonValueKind.Array ? string.Join("\n", error.EnumerateArray().Select(e => e.GetString())) : error.ToString()
            : "(no error)";
}
