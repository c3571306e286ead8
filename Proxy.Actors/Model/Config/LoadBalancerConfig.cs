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
    /// <summary>How the response body is sent on to the client; absent: Traefik's defaults.</summary>
    public ResponseForwardingConfig? ResponseForwarding { get; init; }

    public static LoadBalancerConfig Empty { get; } = new([], null, null, null);

    public static RecordSchema<LoadBalancerConfig> Schema { get; } = new SchemaBuilder<LoadBalancerConfig>(Empty)
        .ObjectList("servers", c => c.Servers, (c, v) => c with { Servers = v }, ServerConfig.Schema)
        .Bool("passHostHeader", c => c.PassHostHeader, (c, v) => c with { PassHostHeader = v }, @default: true)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, HealthCheckConfig.Schema)
        .Object("passiveHealthCheck", c => c.PassiveHealthCheck, (c, v) => c with { PassiveHealthCheck = v }, PassiveHealthCheckConfig.Schema)
        .Object("responseForwarding", c => c.ResponseForwarding, (c, v) => c with { ResponseForwarding = v }, ResponseForwardingConfig.Schema)
        .Build();
}
