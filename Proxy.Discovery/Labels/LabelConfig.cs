using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>
/// What one container's labels declare. <see cref="Config"/> holds its routers, services (with no
/// servers yet) and middlewares; <see cref="Servers"/> the server labels per service name.
/// </summary>
/// <param name="Enable"><c>&lt;prefix&gt;.enable</c>, or null when absent (the provider's default applies).</param>
/// <param name="Network"><c>&lt;prefix&gt;.docker.network</c>: overrides the provider's network for this container.</param>
public sealed record LabelConfig(
    bool? Enable,
    string? Network,
    DynamicConfig Config,
    ImmutableSortedDictionary<string, ServerLabels> Servers)
{
    /// <summary><c>&lt;prefix&gt;.docker.allownonrunning</c>: a container that does not run keeps its routers, with services that have no server.</summary>
    public bool AllowNonRunning { get; init; }

    public static LabelConfig Empty { get; } = new(
        null, null, DynamicConfig.Empty, ImmutableSortedDictionary.Create<string, ServerLabels>(StringComparer.Ordinal));

    /// <summary>
    /// The keys under the prefix. <c>http</c> is the dynamic configuration's own section, so labels and
    /// YAML read every router, service and middleware field through one declaration; the servers'
    /// labels are split off first and read by <see cref="ServerLabels.Schema"/> (see <see cref="LabelParser"/>).
    /// </summary>
    public static RecordSchema<LabelConfig> Schema { get; } = new SchemaBuilder<LabelConfig>(Empty)
        .Bool("enable", c => c.Enable, (c, v) => c with { Enable = v })
        .Object(
            "docker",
            c => c.Network is null && !c.AllowNonRunning ? null : new DockerLabels(c.Network, c.AllowNonRunning ? true : null),
            (c, v) => c with { Network = v?.Network, AllowNonRunning = v?.AllowNonRunning ?? false },
            DockerLabels.Schema)
        .Object("http", c => c.Config, (c, v) => c with { Config = v ?? DynamicConfig.Empty }, DynamicConfig.LabelHttpSchema)
        .NotSupported("tcp", "'tcp' configuration is not supported (only http is)")
        .NotSupported("udp", "'udp' configuration is not supported (only http is)")
        .NotSupported("tls", "'tls' cannot be given by labels (certificates, stores and options come from the file provider)")
        .Build();
}
