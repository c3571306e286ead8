using Microsoft.AspNetCore.Http;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// A middleware handler as the request path runs it. Each step has a default that does nothing,
/// so a handler implements only the steps its middleware acts in. A handler instance belongs to
/// one router and serves all its requests at once: per-request values stay in the arguments,
/// and what it keeps between requests must be safe to share across threads.
/// </summary>
internal interface IHttpMiddleware : IMiddlewareHandler
{
    /// <summary>Whether it acts on headers: a request through it then needs a transformer of its own.</summary>
    bool TransformsHeaders => false;

    /// <summary>Once per request, before the first attempt, in chain order: may change the path the backend receives.</summary>
    void RewritePath(ref PathRewrite path)
    {
    }

    /// <summary>On every attempt, after the forwarded headers are set, in chain order.</summary>
    void TransformRequest(HttpRequestMessage proxyRequest)
    {
    }

    /// <summary>
    /// Once, in chain order, on the request an internal service (whoami, ping) reads itself in place of a server:
    /// the same change <see cref="TransformRequest"/> makes to an outgoing request.
    /// </summary>
    void TransformServedRequest(IHeaderDictionary headers)
    {
    }

    /// <summary>On the response the client gets from a server, in chain order.</summary>
    void TransformResponse(HttpResponse response)
    {
    }

    /// <summary>
    /// Whether it runs around the rest of the chain (<see cref="InvokeAsync"/>): to answer the request itself
    /// (a redirect, a refused client), to limit it, or to watch or wrap what the rest makes of it.
    /// </summary>
    bool Wraps => false;

    /// <summary>
    /// Around the rest of the chain and the forwarding, retries included, in chain order, after this
    /// handler's own <see cref="RewritePath"/>. Awaits <paramref name="next"/> to go on, or writes the
    /// response itself on <see cref="MiddlewareRequest.Context"/> without it; returns how the request
    /// ended, for the router's counters (a request the middleware refuses is the client's failure).
    /// </summary>
    ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next) => next.InvokeAsync();
}
