using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model.Config;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Middlewares.Headers;

/// <summary>
/// headers' security options made ready for requests, as Traefik's secure handler applies them: the response
/// headers replace the server's; HSTS goes only on a request that came over HTTPS (the connection, or one of
/// sslProxyHeaders with its value) unless forceSTSHeader; allowedHosts refuses other hosts with Traefik's
/// 500 "Bad Host". isDevelopment turns the host check and HSTS off.
/// </summary>
internal sealed class SecurityHeaders
{
    private readonly ImmutableArray<string> _allowedHosts;
    private readonly ImmutableArray<string> _hostsProxyHeaders;
    private readonly ImmutableSortedDictionary<string, string> _sslProxyHeaders;
    private readonly string? _sts;
    private readonly bool _forceSts;
    private readonly ImmutableArray<(string Name, string Value)> _fixed;

    public SecurityHeaders(SecurityHeadersConfig options)
    {
        var development = options.IsDevelopment == true;
        _allowedHosts = development || options.AllowedHosts.IsDefault ? [] : options.AllowedHosts;
        _hostsProxyHeaders = options.HostsProxyHeaders.IsDefault ? [] : options.HostsProxyHeaders;
        _sslProxyHeaders = options.SslProxyHeaders;
        _forceSts = options.ForceSTSHeader == true;
        if (!development && options.StsSeconds is > 0 and var seconds)
        {
            var sts = new StringBuilder("max-age=").Append(seconds.ToString(CultureInfo.InvariantCulture));
            if (options.StsIncludeSubdomains == true)
            {
                sts.Append("; includeSubDomains");
            }

            if (options.StsPreload == true)
            {
                sts.Append("; preload");
            }

            _sts = sts.ToString();
        }

        var frame = options.CustomFrameOptionsValue is { Length: > 0 } custom ? custom : options.FrameDeny == true ? "DENY" : null;
        var xss = options.CustomBrowserXSSValue is { Length: > 0 } customXss ? customXss : options.BrowserXssFilter == true ? "1; mode=block" : null;
        _fixed =
        [
            .. Header("X-Frame-Options", frame),
            .. Header("X-Content-Type-Options", options.ContentTypeNosniff == true ? "nosniff" : null),
            .. Header("X-XSS-Protection", xss),
            .. Header("Content-Security-Policy", options.ContentSecurityPolicy),
            .. Header("Content-Security-Policy-Report-Only", options.ContentSecurityPolicyReportOnly),
            .. Header("Public-Key-Pins", options.PublicKey),
            .. Header("Referrer-Policy", options.ReferrerPolicy),
            .. Header("Permissions-Policy", options.PermissionsPolicy),
        ];
    }

    /// <summary>Whether a request needs looking at before it goes on (the host check).</summary>
    public bool ChecksHosts => !_allowedHosts.IsEmpty;

    /// <summary>
    /// Whether the request's host is allowed: its Host, or the first of hostsProxyHeaders it has when the entry
    /// point trusts the peer to send forwarded headers (a client could otherwise name any host).
    /// </summary>
    public bool HostAllowed(MiddlewareRequest request)
    {
        var context = request.Context;
        string? host = null;
        if (!_hostsProxyHeaders.IsEmpty && !request.Forwarded.TrustsNobody && request.Forwarded.Trusts(ClientAddress.Of(context)))
        {
            foreach (var name in _hostsProxyHeaders)
            {
                if (context.Request.Headers[name] is { Count: > 0 } value && !string.IsNullOrEmpty(value[0]))
                {
                    host = value[0];
                    break;
                }
            }
        }

        host ??= RequestHost.Of(context.Request).Value ?? string.Empty;
        foreach (var allowed in _allowedHosts)
        {
            if (string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        foreach (var (name, value) in _fixed)
        {
            headers[name] = value;
        }

        if (_sts is not null && (_forceSts || IsHttps(response.HttpContext.Request)))
        {
            headers.StrictTransportSecurity = _sts;
        }
    }

    private bool IsHttps(HttpRequest request)
    {
        if (request.IsHttps)
        {
            return true;
        }

        foreach (var (name, value) in _sslProxyHeaders)
        {
            if (request.Headers[name] is { Count: > 0 } sent && string.Equals(sent[0], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(string, string)> Header(string name, string? value) =>
        string.IsNullOrEmpty(value) ? [] : [(name, value)];
}
