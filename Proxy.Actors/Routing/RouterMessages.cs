using Proxy.Actors.Model;

namespace Proxy.Actors.Routing;

/// <summary>A router's spec for a configuration generation, told only when it changed.</summary>
public sealed record ConfigureRouter(RouterSpec Spec, long Generation);

/// <summary>
/// A router actor's answer to <see cref="ConfigureRouter"/>: its part of the snapshot for
/// <paramref name="Generation"/>, chain built. The configuration actor publishes a new
/// configuration once every changed router has answered, so no request meets a router half-built.
/// </summary>
public sealed record RouterPublished(PublishedRouter Router, long Generation);

/// <summary>The router could not be built (a middleware the host has no handler for): it serves nothing.</summary>
public sealed record RouterFailed(string Router, ConfigError Error, long Generation);
