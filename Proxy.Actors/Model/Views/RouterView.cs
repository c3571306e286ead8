using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model.Views;

/// <summary>
/// A router for the API. <see cref="Serving"/> is what requests use (null when disabled);
/// <see cref="Config"/> is what the provider last wrote (null when the provider could not read it).
/// </summary>
public sealed record RouterView(
    string Name,
    string Provider,
    RouterConfig? Config,
    RouterDefinition? Serving,
    ObjectStatus Status,
    ImmutableArray<ConfigError> Errors);
