using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Node.Forwarding;
using Proxy.Node.Middlewares.Headers;

namespace Proxy.Node.Middlewares;

/// <summary>
/// headers: sets custom request and response headers, replacing what was there (an empty value removes the
/// header, as in Traefik), adds the security headers (<see cref="SecurityHeaders"/>) and CORS
/// (<see cref="CorsHeaders"/>). In Traefik's order: custom request headers, then a preflight answered here,
/// then the host check; on the response, the security headers, then the custom ones, then CORS. It runs
/// around the rest only when it may answer itself (CORS given, or allowedHosts).
/// </summary>
internal sealed class HeadersHandler : IHttpMiddleware
{
    private readonly HeadersConfig _options;
    private readonly CorsHeaders? _cors;
    private readonly SecurityHeaders _security;

    public HeadersHandler(MiddlewareSnapshot definition, HeadersConfig options)
    {
        Definition = definition;
        _options = options;
        _cors = options.Cors.Any ? new CorsHeaders(options.Cors) : null;
        _security = new SecurityHeaders(options.Security);
    }

    public MiddlewareSnapshot Definition { get; }

    public bool TransformsHeaders => true;

    public bool Wraps => _cors is not null || _security.ChecksHosts;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        if (_cors is not null && CorsHeaders.IsPreflight(context.Request))
        {
            await _cors.AnswerPreflightAsync(context).ConfigureAwait(false);
            return RouterOutcome.Served;
        }

        if (_security.ChecksHosts && !_security.HostAllowed(request))
        {
            await ErrorResponses.BadHost(context).ConfigureAwait(false);
            return RouterOutcome.ClientFailed;
        }

        return await next.InvokeAsync().ConfigureAwait(false);
    }

    public void TransformRequest(HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        foreach (var (name, value) in _options.CustomRequestHeaders)
        {
            // A name may belong to either collection (Content-Type is the content's): removed from
            // both, set on whichever takes it.
            HeaderRemoval.Remove(headers, name);
            if (proxyRequest.Content is { } content)
            {
                HeaderRemoval.Remove(content.Headers, name);
            }

            if (value.Length > 0 && !headers.TryAddWithoutValidation(name, value))
            {
                proxyRequest.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    public void TransformServedRequest(IHeaderDictionary headers)
    {
        foreach (var (name, value) in _options.CustomRequestHeaders)
        {
            if (value.Length == 0)
            {
                headers.Remove(name);
            }
            else
            {
                headers[name] = value;
            }
        }
    }

    public void TransformResponse(HttpResponse response)
    {
        _security.Apply(response);
        foreach (var (name, value) in _options.CustomResponseHeaders)
        {
            if (value.Length == 0)
            {
                response.Headers.Remove(name);
            }
            else
            {
                response.Headers[name] = value;
            }
        }

        _cors?.Apply(response);
    }
}
