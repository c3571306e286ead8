using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Shapes the outgoing request and the returned response: the path as the client sent it (or as
/// middlewares changed it), Host kept or replaced (passHostHeader), Traefik's X-Forwarded-* set or,
/// from a trusted proxy, extended, custom headers applied. YARP's base class copies the rest and drops
/// hop-by-hop headers. With a <see cref="RequestTrace"/> (an observed request) it has a chunked
/// response's body counted, whose size no header gives. Once the server's headers are in the response it puts
/// <c>responseForwarding.flushInterval</c>'s body in front when the response can be held (<see cref="IntervalFlushingBody"/>).
/// </summary>
internal sealed class ProxyTransformer(
    RequestRewrite rewrite, bool passHostHeader, bool trustedClient, TimeSpan flushInterval, TimeProvider time, RequestTrace? trace = null) : HttpTransformer
{
    // Environment.MachineName asks the kernel each time; the answer does not change while we run.
    private static readonly string ServerName = Environment.MachineName;

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var request = httpContext.Request;
        HopByHop.RemoveNominated(request, proxyRequest);
        proxyRequest.RequestUri = rewrite.RawPath is { } rawPath
            ? RequestTarget.Destination(destinationPrefix, rawPath, request.QueryString)
            : RequestTarget.Destination(destinationPrefix, httpContext);
        var host = RequestHost.Of(request).Value;
        proxyRequest.Headers.Host = passHostHeader ? host : null;

        var headers = proxyRequest.Headers;
        if (!trustedClient)
        {
            RemoveForwarded(headers);
        }

        var clientIp = ClientAddress.Of(httpContext)?.ToString();
        if (clientIp is not null)
        {
            // Appended, so a chain of trusted proxies stays visible, every header line of it in order.
            Set(headers, ForwardedHeaderNames.XForwardedFor, trustedClient ? Appended(request.Headers[ForwardedHeaderNames.XForwardedFor], clientIp) : clientIp);
            SetUnlessTrusted(headers, request, ForwardedHeaderNames.XRealIp, clientIp);
        }

        SetUnlessTrusted(headers, request, ForwardedHeaderNames.XForwardedProto, request.Scheme);
        SetUnlessTrusted(headers, request, ForwardedHeaderNames.XForwardedHost, host ?? string.Empty);
        if (httpContext.Connection.LocalPort is var port and > 0)
        {
            SetUnlessTrusted(headers, request, ForwardedHeaderNames.XForwardedPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Set(headers, ForwardedHeaderNames.XForwardedServer, ServerName);
        Set(headers, CdnLoop.HeaderName, CdnLoop.OfThisProcess.AppendedTo(request));
        if (rewrite.StrippedPrefix is { } prefix)
        {
            // Added to a trusted proxy's own, as Traefik's stripPrefix adds it.
            headers.TryAddWithoutValidation(ForwardedHeaderNames.XForwardedPrefix, prefix);
        }

        if (rewrite.ReplacedPath is { } replaced)
        {
            headers.TryAddWithoutValidation(ForwardedHeaderNames.XReplacedPath, replaced);
        }

        rewrite.TransformRequest(proxyRequest);
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (proxyResponse is not null)
        {
            HopByHop.RemoveNominated(proxyResponse, httpContext.Response);
        }

        if (trace is not null && httpContext.Response.ContentLength is null)
        {
            trace.CountBody(httpContext);
        }

        rewrite.TransformResponse(httpContext.Response);
        if (proxyResponse is not null)
        {
            IntervalFlushingBody.InstallIfHeld(httpContext, flushInterval, time);
        }

        return result;
    }

    /// <summary>
    /// Removes every forwarded header the client sent. The names are found in one pass over what YARP
    /// copied (no allocation when there is none, the usual case), then removed.
    /// </summary>
    private static void RemoveForwarded(HttpRequestHeaders headers)
    {
        List<string>? found = null;
        foreach (var header in headers.NonValidated)
        {
            if (ForwardedHeaderNames.IsForwarded(header.Key))
            {
                (found ??= []).Add(header.Key);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                headers.Remove(name);
            }
        }
    }

    /// <summary>A trusted proxy's value is kept, as Traefik keeps it; otherwise the node's own is set.</summary>
    private void SetUnlessTrusted(HttpRequestHeaders headers, HttpRequest request, string name, string value)
    {
        if (!trustedClient || !request.Headers.ContainsKey(name))
        {
            Set(headers, name, value);
        }
    }

    /// <summary>Every X-Forwarded-For line joined with ", " (RFC 9110 section 5.3), then the peer.</summary>
    private static string Appended(StringValues existing, string clientIp) => existing.Count switch
    {
        0 => clientIp,
        1 => string.Concat(existing[0], ", ", clientIp),
        _ => string.Join(", ", [.. existing, clientIp]),
    };

    private static void Set(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
