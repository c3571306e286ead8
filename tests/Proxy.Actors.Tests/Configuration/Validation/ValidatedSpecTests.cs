using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>
/// The validated records the actors read take names and defaults from the declaration, and treat a
/// duration the declaration did not check the same way everywhere: as a bug, never as some default.
/// </summary>
public sealed class ValidatedSpecTests
{
    [Fact]
    public void MiddlewareSnapshotsOf_RetryIntervalThatDoesNotParse_Throws()
    {
        var retry = new RetryConfig(2, "soon", false, 1024);

        var thrown = Assert.Throws<InvalidOperationException>(() => MiddlewareSnapshots.Of("r@file", MiddlewareTypes.Of(retry), retry));

        Assert.Contains("'soon'", thrown.Message);
    }

    [Fact]
    public void HealthCheckSpec_IntervalThatDoesNotParse_Throws()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => new HealthCheckSpec(HealthCheckConfig.Default with { Path = "/h", Interval = "soon" }));

        Assert.Contains("'soon'", thrown.Message);
    }

    [Fact]
    public void HealthCheckSpec_OnlyPathGiven_TakesTheDeclaredDefaults()
    {
        var spec = new HealthCheckSpec(HealthCheckConfig.Default with { Path = "/h" });

        Assert.Equal("GET", spec.Options.Method);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), spec.Timeout);
        Assert.Equal(1, spec.Options.FailureThreshold);
        Assert.True(spec.InitiallyUp);
    }

    [Fact]
    public void PassiveHealthSpec_CooldownLeftOut_IsTheFailureWindow()
    {
        var spec = new PassiveHealthSpec(new PassiveHealthCheckConfig(null, "20s", null));

        Assert.Equal(1, spec.Options.MaxFailedAttempts);
        Assert.Equal(TimeSpan.FromSeconds(20), spec.Cooldown);
    }

    [Theory]
    [InlineData(null, 100)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    [InlineData("-1", -1000)]
    [InlineData("-1ms", -1)]
    [InlineData("2s", 2000)]
    [InlineData("24h", 86_400_000)]
    public void ServiceDefinitionFlushInterval_AsWritten_TraefiksMeaning(string? written, int expectedMs)
    {
        var options = new LoadBalancerConfig([new ServerConfig("http://127.0.0.1:8081", null)], null, null, null)
        {
            ResponseForwarding = written is null ? null : new ResponseForwardingConfig(written),
        };

        var definition = new ServiceDefinition("svc@file", "file", options);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), definition.FlushInterval);
    }

    [Fact]
    public void ServiceDefinitionEquals_FlushIntervalDiffers_NotEqual()
    {
        static ServiceDefinition Of(string interval) => new("svc@file", "file", new LoadBalancerConfig([new ServerConfig("http://127.0.0.1:8081", null)], null, null, null)
        {
            ResponseForwarding = new ResponseForwardingConfig(interval),
        });

        Assert.NotEqual(Of("100ms"), Of("-1ms"));
    }

    [Fact]
    public void ServiceDefinitionEquals_SameDeclaredValues_Equal()
    {
        Assert.Equal(Service(Headers("X-Probe", "1")), Service(Headers("X-Probe", "1")));
    }

    [Fact]
    public void ServiceDefinitionEquals_HealthCheckHeaderDiffers_NotEqual()
    {
        Assert.NotEqual(Service(Headers("X-Probe", "1")), Service(Headers("X-Probe", "2")));
    }

    private static ImmutableSortedDictionary<string, string> Headers(string name, string value) =>
        ImmutableSortedDictionary<string, string>.Empty.Add(name, value);

    private static ServiceDefinition Service(ImmutableSortedDictionary<string, string> probeHeaders) =>
        new("s@file", "file", new LoadBalancerConfig(
            [new ServerConfig("http://a:80/", null)], null, HealthCheckConfig.Default with { Path = "/h", Headers = probeHeaders }, null));
}
