using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

/// <summary>rateLimit and inFlightReq read from Traefik's labels, through the one declaration YAML reads too.</summary>
public sealed class LimitLabelTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), "traefik");

    [Fact]
    public void Parse_RateLimitLabels_ReadEveryOption()
    {
        var result = Parse(
            ("traefik.http.middlewares.m.ratelimit.average", "100"),
            ("traefik.http.middlewares.m.ratelimit.period", "1m"),
            ("traefik.http.middlewares.m.ratelimit.burst", "50"),
            ("traefik.http.middlewares.m.ratelimit.sourcecriterion.requestheadername", "X-Api-Key"),
            ("traefik.http.middlewares.m.ratelimit.scope", "cluster"),
            ("traefik.http.middlewares.m.ratelimit.onownerlost", "closed"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(
            new RateLimitConfig(100, "1m", 50, new SourceCriterionConfig(null, "X-Api-Key", null), "cluster", "closed"),
            result.Config.Config.Middlewares["m"].Get<RateLimitConfig>());
    }

    [Fact]
    public void Resolve_RateLimitWithAverageOnly_TakesTraefikDefaults()
    {
        var result = Parse(("traefik.http.middlewares.m.rateLimit.average", "5"));

        var resolved = SchemaValidation.Resolve(RateLimitConfig.Schema, result.Config.Config.Middlewares["m"].Get<RateLimitConfig>()!);

        Assert.Equal(new RateLimitConfig(5, "1s", 1, null, LimitScope.Node, LimitScope.LocalShare), resolved);
    }

    [Fact]
    public void Parse_InFlightReqLabels_ReadEveryOption()
    {
        var result = Parse(
            ("traefik.http.middlewares.m.inflightreq.amount", "10"),
            ("traefik.http.middlewares.m.inflightreq.sourcecriterion.requesthost", "true"),
            ("traefik.http.middlewares.m.inflightreq.scope", "cluster"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        Assert.Equal(
            new InFlightReqConfig(10, new SourceCriterionConfig(null, null, true), "cluster", null),
            result.Config.Config.Middlewares["m"].Get<InFlightReqConfig>());
    }

    [Fact]
    public void Parse_IpStrategyLabels_ReadIntoTheSourceCriterion()
    {
        var result = Parse(
            ("traefik.http.middlewares.m.ratelimit.average", "10"),
            ("traefik.http.middlewares.m.ratelimit.sourcecriterion.ipstrategy.depth", "2"),
            ("traefik.http.middlewares.m.ratelimit.sourcecriterion.ipstrategy.excludedips", "10.0.0.0/8, 192.168.0.1"));

        Assert.Equal(Array.Empty<LabelProblem>(), result.Problems.ToArray());
        var strategy = result.Config.Config.Middlewares["m"].Get<RateLimitConfig>()!.SourceCriterion!.IpStrategy!;
        Assert.Equal(2, strategy.Depth);
        Assert.Equal<string>(["10.0.0.0/8", "192.168.0.1"], strategy.ExcludedIPs);
    }
}
