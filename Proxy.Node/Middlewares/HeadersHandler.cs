using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// headers: sets custom request and response headers, replacing what was there; an empty value
/// removes the header, as in Traefik.
/// </summary>
internal sealed class HeadersHandler(MiddlewareSnapshot definition, HeadersConfig options) : IHttpMiddleware
{
    public MiddlewareSnapshot Definition => definition;

    public bool TransformsHeaders => true;

    public void TransformRequest(HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        foreach (var (name, value) in options.CustomRequestHeaders)
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

    public void TransformResponse(HttpResponse response)
    {
        foreach (var (name, value) in options.CustomResponseHeaders)
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
    }
}
