using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Schema;

public sealed class SchemaValidationTests
{
    [Fact]
    public void Check_NestedRecords_ProblemsWithTheirRelativePaths()
    {
        var lb = new LoadBalancerConfig(
            [new ServerConfig("http://a", null), new ServerConfig("ftp://b", -1)],
            null,
            HealthCheckConfig.Default with { Path = "h", Port = 0, Interval = "0s" },
            null);

        var problems = SchemaValidation.Check(LoadBalancerConfig.Schema, lb).ToList();

        Assert.Equal(
            [
                new FieldProblem("servers[1].url", "'ftp://b': unknown scheme 'ftp', must be http or https or h2c"),
                new FieldProblem("servers[1].weight", "must not be negative, got -1"),
                new FieldProblem("healthCheck.path", "'h' must start with '/'"),
                new FieldProblem("healthCheck.interval", "must be greater than zero"),
                new FieldProblem("healthCheck.port", "0 is not a port (1-65535)"),
            ],
            problems);
    }

    [Fact]
    public void Check_ListAndMapItems_PointAtTheItem()
    {
        var problems = SchemaValidation.Check(StripPrefixConfig.Schema, new StripPrefixConfig(["/ok", "bad"]))
            .Concat(SchemaValidation.Check(HeadersConfig.Schema, HeadersConfig.Empty with
            {
                CustomRequestHeaders = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("Bad Name", "x")]),
            }));

        Assert.Equal(
            [
                new FieldProblem("prefixes[1]", "'bad' must start with '/'"),
                new FieldProblem("customRequestHeaders.Bad Name", "'Bad Name' is not a valid header name"),
            ],
            problems);
    }

    [Fact]
    public void Check_RequiredFieldBlank_ReportedWithItsMessage()
    {
        Assert.Equal(
            [new FieldProblem("attempts", "is required (the number of tries, the first included)")],
            SchemaValidation.Check(RetryConfig.Schema, RetryConfig.Empty));
    }

    [Fact]
    public void Resolve_AbsentFields_GetTheirDeclaredDefaults()
    {
        var passive = SchemaValidation.Resolve(PassiveHealthCheckConfig.Schema, new PassiveHealthCheckConfig(null, "3s", null));
        var retry = SchemaValidation.Resolve(RetryConfig.Schema, new RetryConfig(2, null, null, null));

        Assert.Equal(new PassiveHealthCheckConfig(1, "3s", "3s"), passive);
        Assert.Equal(new RetryConfig(2, "100ms", false, RetryConfig.DefaultMaxBodyBytes), retry);
    }

    [Fact]
    public void Same_EqualCollectionsInDifferentInstances_Same()
    {
        var a = MiddlewareConfig.Of(new StripPrefixConfig(["/a"]));
        var b = MiddlewareConfig.Of(new StripPrefixConfig(["/a"]));
        var c = MiddlewareConfig.Of(new StripPrefixConfig(["/b"]));

        Assert.True(SchemaEquality.Same(MiddlewareConfig.Schema, a, b));
        Assert.False(SchemaEquality.Same(MiddlewareConfig.Schema, a, c));
    }
}
