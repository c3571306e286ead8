using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>The labels under <c>&lt;prefix&gt;.docker.</c>: how the Docker provider reaches this container.</summary>
/// <param name="Network">Overrides the provider's network for this container.</param>
/// <param name="AllowNonRunning">Traefik v3.6's <c>docker.allownonrunning</c>: keep the container's routers and services while it does not run.</param>
public sealed record DockerLabels(string? Network, bool? AllowNonRunning = null)
{
    public static DockerLabels None { get; } = new(Network: null);

    public static RecordSchema<DockerLabels> Schema { get; } = new SchemaBuilder<DockerLabels>(None)
        .String("network", d => d.Network, (d, v) => d with { Network = v })
        .Bool("allownonrunning", d => d.AllowNonRunning, (d, v) => d with { AllowNonRunning = v })
        .Build();
}
