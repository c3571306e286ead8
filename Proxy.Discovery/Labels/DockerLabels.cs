using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>The labels under <c>&lt;prefix&gt;.docker.</c>: how the Docker provider reaches this container.</summary>
/// <param name="Network">Overrides the provider's network for this container.</param>
public sealed record DockerLabels(string? Network)
{
    public static DockerLabels None { get; } = new(Network: null);

    public static RecordSchema<DockerLabels> Schema { get; } = new SchemaBuilder<DockerLabels>(None)
        .String("network", d => d.Network, (d, v) => d with { Network = v })
        .Build();
}
