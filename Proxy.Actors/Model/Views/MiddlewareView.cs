using System.Collections.Immutable;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Model.Views;

public sealed record MiddlewareView(
    string Name,
    string Provider,
    MiddlewareConfig? Config,
    MiddlewareSnapshot? Serving,
    ObjectStatus Status,
    ImmutableArray<ConfigError> Errors,
    ImmutableArray<string> UsedBy);
