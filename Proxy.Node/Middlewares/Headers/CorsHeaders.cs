using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Middlewares.Headers;

/// <summary>
/// headers' CORS options made ready for requests, as Traefik applies them: a preflight is answered with the
/// allowed credentials, headers, methods, origin and max age; any other response gets the allowed origin
/// (and <c>Vary: Origin</c> when asked), credentials and exposed headers. An origin is allowed when the list
/// has <c>*</c> (answered as <c>*</c>) or the origin itself, or a pattern matches it (Go's syntax, unanchored, in linear time: <see cref="LinearRegex"/>).
/// </summary>
internal sealed class CorsHeaders
{
    private readonly ImmutableArray<string> _origins;
    private readonly ImmutableArray<Regex> _patterns;
    private readonly string? _allowHeaders;
    private readonly string? _allowMethods;
    private readonly string? _exposeHeaders;
    private readonly string _maxAge;
    private readonly bool _credentials;
    private readonly bool _vary;

    public CorsHeaders(CorsHeadersConfig options)
    {
        _origins = options.AccessControlAllowOriginList.IsDefault ? [] : options.AccessControlAllowOriginList;
        _patterns = options.AccessControlAllowOriginListRegex.IsDefault ? [] : [.. options.AccessControlAllowOriginListRegex.Select(LinearRegex.Create)];
        _allowHeaders = Joined(options.AccessControlAllowHeaders);
        _allowMethods = Joined(options.AccessControlAllowMethods);
        _exposeHeaders = Joined(options.AccessControlExposeHeaders);
        _maxAge = (options.AccessControlMaxAge ?? 0).ToString(CultureInfo.InvariantCulture);
        _credentials = options.AccessControlAllowCredentials == true;
        _vary = options.AddVaryHeader == true;
    }

    /// <summary>A CORS preflight, which Traefik answers itself: OPTIONS with Origin and Access-Control-Request-Method.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && !string.IsNullOrEmpty(request.Headers.Origin)
        && !string.IsNullOrEmpty(request.Headers.AccessControlRequestMethod);

    /// <summary>The preflight's answer: 200, no body, the headers.</summary>
    public Task AnswerPreflightAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        var headers = response.Headers;
        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (_allowHeaders is not null)
        {
            headers.AccessControlAllowHeaders = _allowHeaders;
        }

        if (_allowMethods is not null)
        {
            headers.AccessControlAllowMethods = _allowMethods;
        }

        if (AllowedOrigin(context.Request.Headers.Origin.ToString()) is { } origin)
        {
            headers.AccessControlAllowOrigin = origin;
        }

        headers.AccessControlMaxAge = _maxAge;
        response.ContentLength = 0;
        return response.StartAsync(context.RequestAborted);
    }

    /// <summary>On a response a server gave: the allowed origin, Vary, credentials, exposed headers.</summary>
    public void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        var origin = AllowedOrigin(response.HttpContext.Request.Headers.Origin.ToString());
        if (origin is not null)
        {
            headers.AccessControlAllowOrigin = origin;
        }

        if (_vary && origin != "*" && !headers.Vary.Any(v => v is not null && v.Split(',').Any(n => n.Trim().Equals(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase))))
        {
            headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        }

        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }
    }

    private string? AllowedOrigin(string origin)
    {
        foreach (var allowed in _origins)
        {
            if (allowed == "*" || allowed == origin)
            {
                return allowed;
            }
        }

        if (origin.Length > 0)
        {
            foreach (var pattern in _patterns)
            {
                if (pattern.IsMatch(origin))
                {
                    return origin;
                }
            }
        }

        return null;
    }

    private static string? Joined(ImmutableArray<string> values) =>
        values.IsDefaultOrEmpty ? null : string.Join(",", values);
}
