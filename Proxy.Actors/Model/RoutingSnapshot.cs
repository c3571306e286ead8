using System.Collections.Immutable;
using Proxy.Actors.Model.Views;
using Proxy.Actors.Routing;

namespace Proxy.Actors.Model;

/// <summary>
/// Everything a request needs, immutable and replaced whole by the configuration actor.
/// The request path reads it once, without locks.
/// </summary>
/// <param name="EntryPoints">Each entry point's table for plain connections; <see cref="TlsEntryPoints"/> holds those for TLS ones.</param>
public sealed record RoutingSnapshot(
    long Version,
    ImmutableDictionary<string, RouterTable<RouteTarget>> EntryPoints,
    ImmutableDictionary<string, ServiceSnapshot> Services,
    ConfigurationView View)
{
    public static RoutingSnapshot Empty { get; } = new(
        0,
        ImmutableDictionary<string, RouterTable<RouteTarget>>.Empty,
        ImmutableDictionary<string, ServiceSnapshot>.Empty,
        ConfigurationView.Empty);

    /// <summary>The serving routers by name, as their actors published them: the API reads their counters here.</summary>
    public ImmutableDictionary<string, RouteTarget> Routers { get; init; } = ImmutableDictionary<string, RouteTarget>.Empty;

    /// <summary>Each entry point's table for TLS connections: its TLS routers only, as in Traefik.</summary>
    public ImmutableDictionary<string, RouterTable<RouteTarget>> TlsEntryPoints { get; init; } = ImmutableDictionary<string, RouterTable<RouteTarget>>.Empty;
}
