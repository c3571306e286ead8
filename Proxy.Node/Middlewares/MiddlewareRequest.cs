using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// One request through a chain that has a wrapping middleware (<see cref="IHttpMiddleware.Wraps"/>): it
/// runs the chain in router order, path rewrites where they stand and wrapping steps around what follows
/// them, and ends in the forwarding. Made only for such chains: a router whose middlewares only rewrite
/// keeps the path that allocates none of this.
/// </summary>
internal sealed class MiddlewareRequest
{
    private readonly ImmutableArray<IMiddlewareHandler> _handlers;
    private readonly MiddlewareChain _chain;
    private readonly ProxyHandler _forwarder;
    private PathRewrite _path;
    private bool _transformsHeaders;

    public MiddlewareRequest(
        HttpContext context,
        RouteTarget route,
        ServiceSnapshot service,
        ForwardedHeadersPolicy forwarded,
        RequestTrace? trace,
        ProxyHandler forwarder)
    {
        Context = context;
        Route = route;
        Service = service;
        Forwarded = forwarded;
        Trace = trace;
        _chain = route.Chain;
        _handlers = route.Chain.Handlers;
        _forwarder = forwarder;
        _path = new PathRewrite(context);
    }

    public HttpContext Context { get; }

    public RouteTarget Route { get; }

    /// <summary>The router's service, which the forwarding picks a server of.</summary>
    public ServiceSnapshot Service { get; }

    /// <summary>The access log's record of the request, when it is observed.</summary>
    public RequestTrace? Trace { get; }

    /// <summary>The entry point's trust in forwarded headers, which decides who the client is.</summary>
    public ForwardedHeadersPolicy Forwarded { get; }

    /// <summary>The decoded path as the middlewares before this step left it; rules and middlewares match this one.</summary>
    public PathString Path => _path.Path;

    /// <summary>The same path as it goes on the wire.</summary>
    public string RawPath => _path.CurrentRawPath;

    /// <summary>Whether <paramref name="chain"/> needs this: some middleware in it wraps the rest.</summary>
    public static bool Needed(MiddlewareChain chain)
    {
        foreach (var handler in chain.Handlers)
        {
            if (handler is IHttpMiddleware { Wraps: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An errors middleware's page, fetched from a server of <paramref name="serviceName"/> (<see cref="ProxyHandler.FetchErrorPageAsync"/>).</summary>
    internal Task<ErrorPageAnswer> FetchErrorPageAsync(string middleware, string serviceName, string pathAndQuery, ImmutableArray<string>? onlyHeaders) =>
        _forwarder.FetchErrorPageAsync(Context, middleware, serviceName, pathAndQuery, onlyHeaders);

    /// <summary>Runs the chain from the start.</summary>
    public ValueTask<RouterOutcome> RunAsync() => RunFrom(0);

    internal ValueTask<RouterOutcome> RunFrom(int index)
    {
        for (; index < _handlers.Length; index++)
        {
            // The factory gives only HTTP handlers; the check costs a type test, not an allocation.
            if (_handlers[index] is not IHttpMiddleware http)
            {
                continue;
            }

            http.RewritePath(ref _path);
            _transformsHeaders |= http.TransformsHeaders;
            if (http.Wraps)
            {
                return http.InvokeAsync(this, new NextStep(this, index + 1));
            }
        }

        return _forwarder.ForwardRewrittenAsync(this, RequestRewrite.Of(_path, _transformsHeaders, _chain));
    }
}
