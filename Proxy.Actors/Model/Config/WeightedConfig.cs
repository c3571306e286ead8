using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Traefik's weighted round robin between services (not servers): the file provider's canary and blue/green split.</summary>
public sealed record WeightedConfig(ImmutableArray<WeightedServiceConfig> Services, ServiceHealthCheckConfig? HealthCheck)
{
    public static WeightedConfig Empty { get; } = new([], null);

    public static RecordSchema<WeightedConfig> Schema { get; } = new SchemaBuilder<WeightedConfig>(Empty)
        .ObjectList("services", c => c.Services, (c, v) => c with { Services = v }, WeightedServiceConfig.Schema)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, ServiceHealthCheckConfig.Schema, nothingMeansEmpty: true)
        .NotSupported("sticky", "weighted.sticky is not supported yet (loadBalancer.sticky is): remove it, or make the stickiness on the children's load balancers")
        .CheckWhole(AtLeastOneService)
        .Build();

    private static IEnumerable<FieldProblem> AtLeastOneService(WeightedConfig config) =>
        config.Services.IsDefaultOrEmpty ? [new FieldProblem("services", "a weighted service needs at least one service")] : [];
}
