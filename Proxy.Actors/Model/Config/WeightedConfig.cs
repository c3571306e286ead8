using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Traefik's weighted round robin between services (not servers): the file provider's canary and blue/green split.</summary>
public sealed record WeightedConfig(ImmutableArray<WeightedServiceConfig> Services, ServiceHealthCheckConfig? HealthCheck)
{
    public static WeightedConfig Empty { get; } = new([], null);

    /// <summary>
    /// The weighted service's own cookie, which names the child a client was sent to (a load balancer's names a
    /// server); null: each request is split by the weights. Its name, when not given, is derived from the service's
    /// as a load balancer's is.
    /// </summary>
    public StickyConfig? Sticky { get; init; }

    public static RecordSchema<WeightedConfig> Schema { get; } = new SchemaBuilder<WeightedConfig>(Empty)
        .ObjectList("services", c => c.Services, (c, v) => c with { Services = v }, WeightedServiceConfig.Schema)
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, ServiceHealthCheckConfig.Schema, nothingMeansEmpty: true)
        .Object("sticky", c => c.Sticky, (c, v) => c with { Sticky = v }, StickyConfig.Schema)
        .CheckWhole(AtLeastOneService)
        .Build();

    private static IEnumerable<FieldProblem> AtLeastOneService(WeightedConfig config) =>
        config.Services.IsDefaultOrEmpty ? [new FieldProblem("services", "a weighted service needs at least one service")] : [];
}
