using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Servers to spread requests over, and how their health is judged.</summary>
public sealed record LoadBalancerConfig(
    ImmutableArray<ServerConfig> Servers,
    bool? PassHostHeader,
    HealthCheckConfig? HealthCheck,
    PassiveHealthCheckConfig? PassiveHealthCheck)
{
    public static LoadBalancerConfig Empty { get; } = new([], null, null, null);

    /// <summary>Sticky sessions; null: none, each request is picked on its own.</summary>
    public StickyConfig? Sticky { get; init; }

    public static RecordSchema<LoadBalancerConfig> Schema { get; } = new SchemaBuilder<LoadBalancerConfig>(Empty)
        .ObjectList("servers", c => c.Servers, (c, v) => c with { Servers = v }, ServerConfig.Schema)
        .Bool("passHostHeader", c => c.PassHostHeader, (c, v) => c with { PassHostHeader = v }, @default: true)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, HealthCheckConfig.Schema)
        .Object("passiveHealthCheck", c => c.PassiveHealthCheck, (c, v) => c with { PassiveHealthCheck = v }, PassiveHealthCheckConfig.Schema)
        .Object("sticky", c => c.Sticky, (c, v) => c with { Sticky = v }, StickyConfig.Schema)
        .Build();
}
