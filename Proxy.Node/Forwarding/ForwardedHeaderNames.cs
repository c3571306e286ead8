using System.Collections.Frozen;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The headers through which one hop tells the next who the client is and what it asked for. From a
/// client the entry point does not trust, every one of them is removed before the node sets its own.
/// Traefik's set (X-Forwarded-*, X-Real-Ip, X-Scheme), plus <c>Forwarded</c> (RFC 7239), which Traefik
/// passes on, and <c>X-Original-Url</c> / <c>X-Rewrite-Url</c>, which IIS, Symfony and Laravel take for
/// the request's path: a client that could send them would choose what a backend believes it routed.
/// </summary>
internal static class ForwardedHeaderNames
{
    public const string XForwardedFor = "X-Forwarded-For";
    public const string XForwardedProto = "X-Forwarded-Proto";
    public const string XForwardedHost = "X-Forwarded-Host";
    public const string XForwardedPort = "X-Forwarded-Port";
    public const string XForwardedServer = "X-Forwarded-Server";
    public const string XForwardedPrefix = "X-Forwarded-Prefix";
    public const string XRealIp = "X-Real-Ip";

    /// <summary>The path before replacePath(Regex): a client that could send it would choose the path a backend believes it was asked for.</summary>
    public const string XReplacedPath = "X-Replaced-Path";

    private static readonly FrozenSet<string> Names = new[]
    {
        XForwardedFor,
        XForwardedProto,
        XForwardedHost,
        XForwardedPort,
        XForwardedServer,
        XForwardedPrefix,
        XReplacedPath,
        "X-Forwarded-Uri",
        "X-Forwarded-Method",
        "X-Forwarded-Scheme",
        "X-Forwarded-Tls-Client-Cert",
        "X-Forwarded-Tls-Client-Cert-Info",
        "X-Scheme",
        XRealIp,
        "Forwarded",
        "X-Original-Url",
        "X-Rewrite-Url",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="name"/> is one of them, in any case and also written with '_' for '-'
    /// (<c>X_Forwarded_For</c>): Kestrel keeps such names, and CGI-style backends (PHP, WSGI) read both
    /// spellings as the same variable.
    /// </summary>
    public static bool IsForwarded(string name)
    {
        if (name.Length == 0 || (name[0] | 0x20) is not ('x' or 'f'))
        {
            return false;
        }

        return Names.Contains(name) || (name.Contains('_', StringComparison.Ordinal) && Names.Contains(name.Replace('_', '-')));
    }
}
