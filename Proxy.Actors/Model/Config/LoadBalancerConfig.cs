using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;

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

    /// <summary>How a server is picked (<see cref="LoadBalancingStrategy"/>); null until the declared default is filled in.</summary>
    public string? Strategy { get; init; }

    /// <summary>Sticky sessions; null: none, each request is picked on its own.</summary>
    public StickyConfig? Sticky { get; init; }
    /// <summary>The servers transport its servers are connected through (<c>name@file</c>); null: the node's default.</summary>
    public string? ServersTransport { get; init; }

    public static RecordSchema<LoadBalancerConfig> Schema { get; } = new SchemaBuilder<LoadBalancerConfig>(Empty)
        .ObjectList("servers", c => c.Servers, (c, v) => c with { Servers = v }, ServerConfig.Schema)
        .String("strategy", c => c.Strategy, (c, v) => c with { Strategy = v },
            check: Checks.OneOf(ignoreCase: false, [.. LoadBalancingStrategies.Names]), @default: LoadBalancingStrategies.Default)
        .Bool("passHostHeader", c => c.PassHostHeader, (c, v) => c with { PassHostHeader = v }, @default: true)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, HealthCheckConfig.Schema)
        .Object("passiveHealthCheck", c => c.PassiveHealthCheck, (c, v) => c with { PassiveHealthCheck = v }, PassiveHealthCheckConfig.Schema)
        .Object("sticky", c => c.Sticky, (c, v) => c with { Sticky = v }, StickyConfig.Schema)
        .Object("responseForwarding", c => c.ResponseForwarding, (c, v) => c with { ResponseForwarding = v }, ResponseForwardingConfig.Schema)
        .String("serversTransport", c => c.ServersTransport, (c, v) => c with { ServersTransport = v }, check: TlsNames.NotBlank)
        .Build();
}
