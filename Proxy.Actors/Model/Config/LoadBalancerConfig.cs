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

    /// <summary>The servers transport its servers are connected through (<c>name@file</c>); null: the node's default.</summary>
    public string? ServersTransport { get; init; }

    public static RecordSchema<LoadBalancerConfig> Schema { get; } = new SchemaBuilder<LoadBalancerConfig>(Empty)
        .ObjectList("servers", c => c.Servers, (c, v) => c with { Servers = v }, ServerConfig.Schema)
        .Bool("passHostHeader", c => c.PassHostHeader, (c, v) => c with { PassHostHeader = v }, @default: true)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, HealthCheckConfig.Schema)
        .Object("passiveHealthCheck", c => c.PassiveHealthCheck, (c, v) => c with { PassiveHealthCheck = v }, PassiveHealthCheckConfig.Schema)
        .String("serversTransport", c => c.ServersTransport, (c, v) => c with { ServersTransport = v }, check: TlsNames.NotBlank)
        .Build();
}
