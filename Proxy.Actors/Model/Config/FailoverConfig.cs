using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's failover: requests go to <see cref="Service"/> while it has a server up (by its own health check),
/// else to <see cref="Fallback"/>, and back as soon as the main service has one again.
/// </summary>
public sealed record FailoverConfig(string? Service, string? Fallback, ServiceHealthCheckConfig? HealthCheck)
{
    public static FailoverConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<FailoverConfig> Schema { get; } = new SchemaBuilder<FailoverConfig>(Empty)
        .String("service", c => c.Service, (c, v) => c with { Service = v }, required: "is required")
        .String("fallback", c => c.Fallback, (c, v) => c with { Fallback = v }, required: "is required")
        .Object("healthCheck", c => c.HealthCheck, (c, v) => c with { HealthCheck = v }, ServiceHealthCheckConfig.Schema, nothingMeansEmpty: true)
        .Build();
}
