using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>A service as written by a provider. Only the load-balancer kind exists so far.</summary>
public sealed record ServiceConfig(LoadBalancerConfig? LoadBalancer)
{
    public static ServiceConfig Empty { get; } = new(LoadBalancer: null);

    /// <summary>Traefik v3.7's service middlewares: run after the router's, on every router that uses the service.</summary>
    public ImmutableArray<string> Middlewares { get; init; } = [];

    /// <remarks>Traefik's other service kinds are declared so that using one is named as unsupported rather than a typo.</remarks>
    public static RecordSchema<ServiceConfig> Schema { get; } = new SchemaBuilder<ServiceConfig>(Empty)
        .Object("loadBalancer", c => c.LoadBalancer, (c, v) => c with { LoadBalancer = v }, LoadBalancerConfig.Schema,
            required: "is required (the only service kind supported)")
        .StringList("middlewares", c => c.Middlewares, (c, v) => c with { Middlewares = v })
        .NotSupported("weighted", "service kind 'weighted' is not supported (only loadBalancer is)")
        .NotSupported("mirroring", "service kind 'mirroring' is not supported (only loadBalancer is)")
        .NotSupported("failover", "service kind 'failover' is not supported (only loadBalancer is)")
        .RequireOneOf("a service needs a loadBalancer", "loadBalancer", "weighted", "mirroring", "failover")
        .Build();
}
