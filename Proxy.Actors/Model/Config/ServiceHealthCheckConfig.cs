using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>healthCheck: {}</c> on a weighted, mirroring or failover service: it has no option; being there
/// makes the service report itself down to a parent (a weighted or failover service above it) when none of its
/// children can take a request. Without it, a parent takes the service as up whatever its children say.
/// </summary>
public sealed record ServiceHealthCheckConfig
{
    public static ServiceHealthCheckConfig Empty { get; } = new();

    public static RecordSchema<ServiceHealthCheckConfig> Schema { get; } = new SchemaBuilder<ServiceHealthCheckConfig>(Empty).Build();
}
