using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares;

/// <summary>
/// redirectRegex: the request's URL as Traefik writes it (the connection's scheme, the Host header with its
/// port, the path as the chain so far left it, the query) is matched; a match is replaced, and when the
/// result differs from the URL the client is redirected to it, otherwise the request goes on. A Host that is
/// not a host name gets 400 instead: its text would be copied into the Location by any group that captures it.
/// </summary>
internal sealed class RedirectRegexHandler : IHttpMiddleware
{
    private readonly Regex _regex;
    private readonly string _replacement;
    private readonly bool _permanent;

    public RedirectRegexHandler(MiddlewareSnapshot definition, RedirectRegexConfig options)
    {
        Definition = definition;
        _regex = LinearRegex.Create(options.Regex!);
        _replacement = LinearRegex.Replacement(_regex, options.Replacement!);
        _permanent = options.Permanent ?? false;
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        var host = RequestHost.Of(context.Request).Value ?? string.Empty;
        if (RedirectLocation.HostName(host) is null)
        {
            await ErrorResponses.BadRequest(context, host.Length == 0 ? "no Host header to redirect to" : "the Host header is not a host name").ConfigureAwait(false);
            return RouterOutcome.ClientFailed;
        }

        var url = string.Concat(context.Request.IsHttps ? "https://" : "http://", host, request.RawPath, context.Request.QueryString.Value);
        if (!_regex.IsMatch(url))
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        var location = _regex.Replace(url, _replacement);
        if (location == url)
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }

        if (!IsHeaderSafe(location))
        {
            // Only a replacement that copies something odd from the URL gets here; Kestrel refuses such targets.
            await ErrorResponses.BadRequest(context, "the redirect's Location would not be a valid header value").ConfigureAwait(false);
            return RouterOutcome.ClientFailed;
        }

        await RedirectResponse.WriteAsync(context, location, _permanent).ConfigureAwait(false);
        return RouterOutcome.Served;
    }

    private static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
