using System.Globalization;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// redirectScheme: a request whose URL (the scheme it came on, or X-Forwarded-Proto from a proxy the entry
/// point trusts; its host and port; the path as the chain so far left it) differs from the URL on the target
/// scheme and port is redirected there; a request already there goes on, as Traefik compares the two URLs.
/// A Host that is not a host name gets 400: it would be the authority of the Location.
/// </summary>
internal sealed class RedirectSchemeHandler(MiddlewareSnapshot definition, RedirectSchemeConfig options) : IHttpMiddleware
{
    private readonly string _scheme = options.Scheme!.ToLowerInvariant();
    private readonly string _port = PortSuffix(options.Scheme!.ToLowerInvariant(), options.Port);
    private readonly bool _permanent = options.Permanent ?? false;

    public MiddlewareSnapshot Definition => definition;

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        var header = RequestHost.Of(context.Request).Value ?? string.Empty;
        if (RedirectLocation.HostName(header) is not { } host)
        {
            await ErrorResponses.BadRequest(context, header.Length == 0 ? "no Host header to redirect to" : "the Host header is not a host name").ConfigureAwait(false);
            return RouterOutcome.ClientFailed;
        }

        var scheme = CurrentScheme(request);
        var port = PortSuffix(scheme, PortOf(header, host));
        var pathAndQuery = request.RawPath + context.Request.QueryString.Value;
        if (scheme == _scheme && port == _port)
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        await RedirectResponse.WriteAsync(context, $"{_scheme}://{host}{_port}{pathAndQuery}", _permanent).ConfigureAwait(false);
        return RouterOutcome.Served;
    }

    /// <summary>The scheme the client used: X-Forwarded-Proto only from a proxy the entry point trusts.</summary>
    private static string CurrentScheme(MiddlewareRequest request)
    {
        var context = request.Context;
        var scheme = context.Request.IsHttps ? "https" : "http";
        if (!request.Forwarded.TrustsNobody
            && request.Forwarded.Trusts(ClientAddress.Of(context))
            && context.Request.Headers[ForwardedHeaderNames.XForwardedProto] is { Count: > 0 } proto)
        {
            scheme = proto[0] switch
            {
                var p when string.Equals(p, "https", StringComparison.OrdinalIgnoreCase) || string.Equals(p, "wss", StringComparison.OrdinalIgnoreCase) => "https",
                var p when string.Equals(p, "http", StringComparison.OrdinalIgnoreCase) || string.Equals(p, "ws", StringComparison.OrdinalIgnoreCase) => "http",
                _ => scheme,
            };
        }

        return scheme;
    }

    /// <summary>The port of a Host header, already checked by <see cref="RedirectLocation.HostName"/>.</summary>
    private static string? PortOf(string header, string host) =>
        header.Length > host.Length + 1 ? header[(host.Length + 1)..] : null;

    /// <summary>":port", or nothing when there is none or it is the scheme's own.</summary>
    private static string PortSuffix(string scheme, string? port) =>
        port is null || (scheme == "http" && port == "80") || (scheme == "https" && port == "443")
            ? string.Empty
            : ":" + int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
