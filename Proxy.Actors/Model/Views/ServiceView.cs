using System.Collections.Immutable;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model.Views;

public sealed record ServiceView(
    string Name,
    string Provider,
    ServiceConfig? Config,
    ServiceDefinition? Serving,
    ObjectStatus Status,
    ImmutableArray<ConfigError> Errors,
    ImmutableArray<string> UsedBy);
