using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Actors.Model;

/// <summary>
/// What a matched router hands to the request path: its middleware chain (the router actor's
/// instance, shared by every request), its counters and its service.
/// </summary>
public sealed record RouteTarget(string Router, string Service, MiddlewareChain Chain, RouterCounters Counters)
{
    /// <summary>The retry middleware picked out of the chain (the last one wins), or null.</summary>
    public RetryMiddleware? Retry => Chain.Retry;

    /// <summary>The router's priority, for the request path to rank it against what is not a router (an entry-point redirection).</summary>
    public int Priority { get; init; }

    /// <summary>
    /// On a TLS table, the qualified <c>tls.options</c> the router requires on this entry point (<c>default</c>
    /// for Traefik's default options); null on a plain table. The request path refuses a TLS request whose
    /// handshake applied other options, whatever SNI and Host say.
    /// </summary>
    public string? TlsOptions { get; init; }
}
