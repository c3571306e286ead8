using System.Collections.Immutable;
using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Model;

/// <summary>
/// What a matched router hands to the request path: middlewares in order, the retry
/// middleware picked out of them (the last one wins, as a chain would), and the service.
/// </summary>
public sealed record RouteTarget(
    string Router,
    ImmutableArray<MiddlewareSnapshot> Middlewares,
    RetryMiddleware? Retry,
    string Service);
