using Microsoft.AspNetCore.Http;
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

    /// <summary>On the response the client gets, in chain order.</summary>
    void TransformResponse(HttpResponse response)
    {
    }
}
