using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>inFlightReq through a real node to a real backend that answers slowly: the amount, per client, bad values.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class InFlightReqTests
{
    private static string Config(string backendUrl, string inFlight) => LimitedRouter.Config(backendUrl, "inflight", "inFlightReq", inFlight);

    [Fact]
    public async Task InFlightReq_SlowRequestsOverAmount_429UntilOneFinishes()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "amount: 2\n"), "limited");

        backend.ResetCounts();
        var slow = new[] { node.Client.GetAsync("/slow?ms=3000"), node.Client.GetAsync("/slow?ms=3000") };
        await Eventually.TrueAsync(
            () => Task.FromResult(backend.Received.Count(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)) >= 2 || slow.Any(t => t.IsCompleted)),
            "two slow requests at the backend",
            TimeSpan.FromSeconds(20));
        Assert.All(slow, t => Assert.False(t.IsCompleted, $"a slow request ended first: {(t.IsCompletedSuccessfully ? t.Result.StatusCode : t.Exception)}"));
        using var third = await node.Client.GetAsync("/fast");
        var finished = await Task.WhenAll(slow);
        using var afterwards = await node.Client.GetAsync("/fast");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.False(third.Headers.Contains("Retry-After"));
        Assert.All(finished, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task InFlightReq_RequestHeaderName_CountsEachClientApart()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "amount: 1\nsourceCriterion:\n  requestHeaderName: X-Api-Key\n"), "limited");

        var slowA = LimitedRouter.StatusAsync(node, "/slow?ms=3000", ("X-Api-Key", "a"));
        await Eventually.TrueAsync(() => Task.FromResult(backend.Received.Any(r => r.Path.StartsWith("/slow", StringComparison.Ordinal))), "the slow request at the backend");
        var a = await LimitedRouter.StatusAsync(node, "/fast", ("X-Api-Key", "a"));
        var b = await LimitedRouter.StatusAsync(node, "/fast", ("X-Api-Key", "b"));

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (a, b));
        Assert.Equal(HttpStatusCode.OK, await slowA);
    }

    [Theory]
    [InlineData("amount: 0", "inFlightReq.amount", "must be at least 1, got 0")]
    [InlineData("sourceCriterion:\n          requestHost: true", "inFlightReq.amount", "is required")]
    [InlineData("amount: 2\n        sourceCriterion:\n          requestHost: true\n          ipStrategy:\n            depth: 1", "inFlightReq.sourceCriterion", "give only one of")]
    public Task InFlightReq_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem) =>
        LimitedRouter.BadValueAsync("inflight", "inFlightReq", options, field, problem);

    [DockerFact(Timeout = 180_000)]
    public Task InFlightReq_FromLabelsAndFromYaml_SameLimit() =>
        BothProviders.CheckAsync(
            "inFlightReq:\n  amount: 1\n",
            ["inflightreq.amount=1"],
            async target =>
            {
                // nginx sends /slow.txt at 16 KiB/s: about 4 s in flight.
                var slow = target.GetAsync("/slow.txt");
                await Task.Delay(TimeSpan.FromMilliseconds(700));
                using var during = await target.GetAsync("/x");
                using var slowResponse = await slow;
                using var after = await target.GetAsync("/x");

                Assert.Equal(
                    (HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK),
                    (during.StatusCode, slowResponse.StatusCode, after.StatusCode));
                Assert.Equal(64 * 1024, (await slowResponse.Content.ReadAsByteArrayAsync()).Length);
            });
}
