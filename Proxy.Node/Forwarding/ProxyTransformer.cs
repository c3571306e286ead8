using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Shapes the outgoing request and the returned response: path after middlewares, Host kept or
/// replaced (passHostHeader), Traefik's X-Forwarded-* set, custom headers applied. YARP's base
/// class copies the rest and drops hop-by-hop headers. With a <see cref="RequestTrace"/> (an
/// observed request) it has a chunked response's body counted, whose size no header gives.
/// </summary>
internal sealed class ProxyTransformer(RequestRewrite rewrite, bool passHostHeader, RequestTrace? trace = null) : HttpTransformer
{
    // Environment.MachineName asks the kernel each time; the answer does not change while we run.
    private static readonly string ServerName = Environment.MachineName;

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var request = httpContext.Request;
        RemoveConnectionNominated(request, proxyRequest);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, rewrite.Path ?? request.Path, request.QueryString);
        proxyRequest.Headers.Host = passHostHeader ? request.Host.Value : null;

        var headers = proxyRequest.Headers;
        var clientIp = ClientAddress.Of(httpContext)?.ToString();
        if (clientIp is not null)
        {
            // Appended, so a chain of proxies stays visible; X-Real-Ip is the peer we saw.
            var existing = request.Headers["X-Forwarded-For"].ToString();
            headers.Remove("X-Forwarded-For");
            headers.TryAddWithoutValidation("X-Forwarded-For", existing.Length == 0 ? clientIp : $"{existing}, {clientIp}");
            Set(headers, "X-Real-Ip", clientIp);
        }

        Set(headers, "X-Forwarded-Proto", request.Scheme);
        Set(headers, "X-Forwarded-Host", request.Host.Value ?? string.Empty);
        if (httpContext.Connection.LocalPort is var port and > 0)
        {
            Set(headers, "X-Forwarded-Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Set(headers, "X-Forwarded-Server", ServerName);
        if (rewrite.StrippedPrefix is { } prefix)
        {
            Set(headers, "X-Forwarded-Prefix", prefix);
        }

        foreach (var middleware in rewrite.Headers)
        {
            foreach (var (name, value) in middleware.RequestHeaders)
            {
                headers.Remove(name);
                proxyRequest.Content?.Headers.Remove(name);
                if (value.Length > 0 && !headers.TryAddWithoutValidation(name, value))
                {
                    proxyRequest.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (trace is not null && httpContext.Response.ContentLength is null)
        {
            trace.CountBody(httpContext);
        }

        foreach (var middleware in rewrite.Headers)
        {
            foreach (var (name, value) in middleware.ResponseHeaders)
            {
                if (value.Length == 0)
                {
                    httpContext.Response.Headers.Remove(name);
                }
                else
                {
                    httpContext.Response.Headers[name] = value;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// RFC 9110 section 7.6.1: headers the client names in Connection are for this hop only. YARP
    /// drops the fixed hop-by-hop set but forwards these. Upgrade is left to YARP, which carries
    /// WebSocket upgrades itself.
    /// </summary>
    private static void RemoveConnectionNominated(HttpRequest request, HttpRequestMessage proxyRequest)
    {
        foreach (var value in request.Headers.Connection)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // A token that is no valid header name names no header we would send.
                if (!token.Equals("upgrade", StringComparison.OrdinalIgnoreCase) && IsHeaderName(token))
                {
                    proxyRequest.Headers.Remove(token);
                    proxyRequest.Content?.Headers.Remove(token);
                }
            }
        }
    }

    private static bool IsHeaderName(string token) =>
        token.All(c => c is > ' ' and < '\u007f' and not ('(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}'));

    private static void Set(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
