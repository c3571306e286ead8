using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration;

/// <summary>
/// One service in the file provider of two nodes that disagree about how it is served: neither node's version
/// silently wins (each node would then serve the service its own way), the service is left out with an error
/// naming the nodes and what differs.
/// </summary>
public sealed class ConfigMergerServiceTests
{
    private static readonly ServiceConfig Plain = Service("http://127.0.0.1:8081");

    [Theory]
    [InlineData("strategy", ": strategy differs")]
    [InlineData("sticky", ": sticky differs")]
    [InlineData("sticky name", ": sticky differs")]
    [InlineData("responseForwarding", ": responseforwarding differs")]
    [InlineData("serversTransport", ": serverstransport differs")]
    [InlineData("middlewares", ": middlewares differs")]
    [InlineData("weighted", "")]
    public void Merge_NodesDisagreeingOnHowAServiceIsServed_LeftOutWithErrorNamingBoth(string change, string detail)
    {
        var other = change switch
        {
            "strategy" => WithLoadBalancer(lb => lb with { Strategy = "p2c" }),
            "sticky" => WithLoadBalancer(lb => lb with { Sticky = new StickyConfig(StickyCookieConfig.Empty) }),
            "sticky name" => WithLoadBalancer(lb => lb with { Sticky = new StickyConfig(StickyCookieConfig.Empty with { Name = "other" }) }),
            "responseForwarding" => WithLoadBalancer(lb => lb with { ResponseForwarding = new ResponseForwardingConfig("-1ms") }),
            "serversTransport" => WithLoadBalancer(lb => lb with { ServersTransport = "mtls" }),
            "middlewares" => Plain with { Middlewares = ["auth"] },
            _ => ServiceConfig.Empty with { Weighted = new WeightedConfig([new WeightedServiceConfig("x", 1)], null) },
        };
        var mine = change == "sticky name" ? WithLoadBalancer(lb => lb with { Sticky = new StickyConfig(StickyCookieConfig.Empty with { Name = "mine" }) }) : Plain;
        var errors = ImmutableArray.CreateBuilder<ConfigError>();

        var merged = ConfigMerger.Merge([From("a", mine), From("b", other)], "nodes", errors, oneServerPerUrl: true);

        Assert.False(merged.Services.ContainsKey("app"));
        var error = Assert.Single(errors);
        Assert.Equal(("http.services.app", $"service 'app' is defined differently by nodes a and b{detail}; the service is left out"), (error.Path, error.Message));
    }

    [Fact]
    public void Merge_NodesAgreeing_OneServiceWithTheirServers()
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var sticky = WithLoadBalancer(lb => lb with { Strategy = "hrw", Sticky = new StickyConfig(StickyCookieConfig.Empty with { Name = "lb" }) });

        var merged = ConfigMerger.Merge([From("a", sticky), From("b", sticky with { })], "nodes", errors, oneServerPerUrl: true);

        Assert.Empty(errors);
        Assert.Equal("hrw", merged.Services["app"].LoadBalancer!.Strategy);
    }

    private static ServiceConfig WithLoadBalancer(Func<LoadBalancerConfig, LoadBalancerConfig> change) =>
        Plain with { LoadBalancer = change(Plain.LoadBalancer!) };

    private static Contribution From(string node, ServiceConfig service) =>
        new($"file@{node}", node, DynamicConfig.Empty with { Services = DynamicConfig.Empty.Services.Add("app", service) });
}
