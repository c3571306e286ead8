using System.Collections.Immutable;
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
    public static LabelConfig Empty { get; } = new(
        null, null, DynamicConfig.Empty, ImmutableSortedDictionary.Create<string, ServerLabels>(StringComparer.Ordinal));
}
