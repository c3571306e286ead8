using System.Net;
using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>rateLimit through a real node to a real backend: Traefik's bucket, its 429, each sourceCriterion, bad values.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RateLimitTests
{
    private static string Config(string backendUrl, string rateLimit) => LimitedRouter.Config(backendUrl, "limit", "rateLimit", rateLimit);

    [Fact]
    public async Task RateLimit_BurstSpent_429WithRetryAfterAndBackendNotReached()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "average: 3\nperiod: 1m\nburst: 3\n"), "limited");
        backend.ResetCounts();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await node.Client.GetAsync("/x");
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, backend.Requests);
        // A token every 20 s: the next in just under that, rounded up.
        Assert.Equal("20", refused!.Headers.GetValues("Retry-After").Single());
        Assert.Matches(@"^(19\.\d+|20)s$", refused.Headers.GetValues("X-Retry-In").Single());
        Assert.Equal("Too Many Requests", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RateLimit_AverageOverPeriod_RefillsOneTokenPerInterval()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "average: 2\nperiod: 1s\n"), "limited");

        using var first = await node.Client.GetAsync("/x");
        using var second = await node.Client.GetAsync("/x");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        using var afterRefill = await node.Client.GetAsync("/x");

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK),
            (first.StatusCode, second.StatusCode, afterRefill.StatusCode));
        // Burst 1 by default: the second request waits for a token 500 ms away, over Traefik's 250 ms hold.
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task RateLimit_AverageZero_LimitsNothing()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "average: 0\nburst: 1\n"), "limited");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await node.Client.GetAsync("/x");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task RateLimit_RequestHeaderName_OneBucketPerHeaderValue()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, "average: 1\nperiod: 1m\nsourceCriterion:\n  requestHeaderName: X-Api-Key\n"), "limited");

        var a1 = await LimitedRouter.StatusAsync(node, "/x", ("X-Api-Key", "a"));
        var a2 = await LimitedRouter.StatusAsync(node, "/x", ("X-Api-Key", "a"));
        var b1 = await LimitedRouter.StatusAsync(node, "/x", ("X-Api-Key", "b"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (a1, a2, b1));
    }

    [Fact]
    public async Task RateLimit_RequestHost_OneBucketPerHost()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, "average: 1\nperiod: 1m\nsourceCriterion:\n  requestHost: true\n"), "limited");

        var a1 = await LimitedRouter.StatusAsync(node, "/x", ("Host", "a.example"));
        var a2 = await LimitedRouter.StatusAsync(node, "/x", ("Host", "a.example"));
        var b1 = await LimitedRouter.StatusAsync(node, "/x", ("Host", "b.example"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (a1, a2, b1));
    }

    [Fact]
    public async Task RateLimit_IpStrategyDepth_OneBucketPerForwardedClient()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, "average: 1\nperiod: 1m\nsourceCriterion:\n  ipStrategy:\n    depth: 1\n"),
            ["limited"],
            ["--entrypoints.web.forwardedHeaders.trustedIPs=127.0.0.1"]);

        var a1 = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.1"));
        var a2 = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "203.0.113.9, 198.51.100.1"));
        var b1 = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.2"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK), (a1, a2, b1));
    }

    [Fact]
    public async Task RateLimit_DefaultCriterionUntrustedForwardedFor_OneBucketForThePeer()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Config(backend.Url, "average: 1\nperiod: 1m\n"), "limited");

        var a = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.1"));
        var forged = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.2"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (a, forged));
    }

    [Fact]
    public async Task RateLimit_DefaultCriterionForwardedHeadersInsecure_ForgedForwardedForSharesThePeersBucket()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Config(backend.Url, "average: 1\nperiod: 1m\n"), ["limited"], ["--entrypoints.web.forwardedHeaders.insecure=true"]);

        var a = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.1"));
        var forged = await LimitedRouter.StatusAsync(node, "/x", ("X-Forwarded-For", "198.51.100.2"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (a, forged));
    }

    [Theory]
    [InlineData("average: -1", "rateLimit.average", "must not be negative")]
    [InlineData("average: 5\n        period: 0s", "rateLimit.period", "must be greater than zero")]
    [InlineData("average: 5\n        scope: region", "rateLimit.scope", "'region' must be node or cluster")]
    [InlineData("average: 5\n        sourceCriterion:\n          requestHost: true\n          requestHeaderName: X-Key", "rateLimit.sourceCriterion", "give only one of")]
    public Task RateLimit_BadValue_ErrorOnThatMiddlewareOtherRoutersServe(string options, string field, string problem) =>
        LimitedRouter.BadValueAsync("limit", "rateLimit", options, field, problem);

    [DockerFact(Timeout = 180_000)]
    public Task RateLimit_FromLabelsAndFromYaml_SameLimit() =>
        BothProviders.CheckAsync(
            "rateLimit:\n  average: 2\n  period: 1m\n  burst: 2\n",
            ["ratelimit.average=2", "ratelimit.period=1m", "ratelimit.burst=2"],
            async target =>
            {
                var statuses = new List<HttpStatusCode>();
                HttpResponseMessage? last = null;
                for (var i = 0; i < 3; i++)
                {
                    last = await target.GetAsync("/x");
                    statuses.Add(last.StatusCode);
                }

                Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
                Assert.Equal("30", last!.Headers.GetValues("Retry-After").Single());
            });
}
