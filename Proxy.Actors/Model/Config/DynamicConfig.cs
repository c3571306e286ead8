using System.Collections.Immutable;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Raw dynamic configuration as one provider reported it (Traefik's <c>http:</c> section).
/// Nothing here has been validated: strings stay strings until the validator parses them,
/// so that every error can be reported with the object it belongs to.
/// </summary>
public sealed record DynamicConfig(
    ImmutableSortedDictionary<string, RouterConfig> Routers,
    ImmutableSortedDictionary<string, ServiceConfig> Services,
    ImmutableSortedDictionary<string, MiddlewareConfig> Middlewares)
{
    public static DynamicConfig Empty { get; } = new(
        ImmutableSortedDictionary<string, RouterConfig>.Empty,
        ImmutableSortedDictionary<string, ServiceConfig>.Empty,
        ImmutableSortedDictionary<string, MiddlewareConfig>.Empty);
}
