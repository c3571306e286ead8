using Microsoft.AspNetCore.Http;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Node.Middlewares;

namespace Proxy.Node.Forwarding;

/// <summary>
/// What a router's middleware chain does to the request on its way out, the path computed once per
/// request before the first attempt so that every retry sends the same thing; the headers steps run
/// on each attempt and on the response.
/// </summary>
internal sealed class RequestRewrite
{
    /// <summary>For routers without middlewares: the request goes out as it came, and one instance serves all.</summary>
    public static RequestRewrite Unchanged { get; } = new(null, null, null, MiddlewareChain.Empty);

    private readonly MiddlewareChain _headers;

    private RequestRewrite(string? rawPath, string? strippedPrefix, string? replacedPath, MiddlewareChain headers)
    {
        RawPath = rawPath;
        StrippedPrefix = strippedPrefix;
        ReplacedPath = replacedPath;
        _headers = headers;
    }

    /// <summary>The path to send, encoded as it goes on the wire, or null to send the request's own as the client sent it.</summary>
    public string? RawPath { get; }

    /// <summary>The prefix stripPrefix removed, sent as X-Forwarded-Prefix as Traefik does.</summary>
    public string? StrippedPrefix { get; }

    /// <summary>The path replacePath or replacePathRegex replaced, sent as X-Replaced-Path as Traefik does.</summary>
    public string? ReplacedPath { get; }

    /// <summary>What a chain that only rewrites (no middleware wraps the rest) does to <paramref name="request"/>.</summary>
    public static RequestRewrite For(HttpRequest request, MiddlewareChain chain)
    {
        if (chain.IsEmpty)
        {
            return Unchanged;
        }

        var path = new PathRewrite(request.HttpContext);
        var headers = false;
        foreach (var handler in chain.Handlers)
        {
            // The factory gives only HTTP handlers; the check costs a type test, not an allocation.
            if (handler is IHttpMiddleware http)
            {
                http.RewritePath(ref path);
                headers |= http.TransformsHeaders;
            }
        }

        return Of(path, headers, chain);
    }

    /// <summary>The rewrite once the chain ran: <paramref name="path"/> as it left it, its headers steps if any acts on headers.</summary>
    public static RequestRewrite Of(in PathRewrite path, bool transformsHeaders, MiddlewareChain chain) =>
        // A chain of retries alone changes nothing on the way out.
        path.StrippedPrefix is null && path.RawPath is null && !transformsHeaders
            ? Unchanged
            : new RequestRewrite(path.RawPath, path.StrippedPrefix, path.ReplacedPath, transformsHeaders ? chain : MiddlewareChain.Empty);

    /// <summary>The chain's headers steps on an attempt's outgoing request.</summary>
    public void TransformRequest(HttpRequestMessage proxyRequest)
    {
        foreach (var handler in _headers.Handlers)
        {
            if (handler is IHttpMiddleware http)
            {
                http.TransformRequest(proxyRequest);
            }
        }
    }

    /// <summary>The chain's headers steps on the request an internal service reads itself.</summary>
    public void TransformServedRequest(HttpRequest request)
    {
        foreach (var handler in _headers.Handlers)
        {
            if (handler is IHttpMiddleware http)
            {
                http.TransformServedRequest(request.Headers);
            }
        }
    }

    /// <summary>The chain's headers steps on the response the client gets.</summary>
    public void TransformResponse(HttpResponse response)
    {
        foreach (var handler in _headers.Handlers)
        {
            if (handler is IHttpMiddleware http)
            {
                http.TransformResponse(response);
            }
        }
    }
}
