using System.Net;
using Proxy.Node.Hosting;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The Location of an entry-point redirection, built only from parts that cannot name another
/// authority: the operator's scheme and port, the request's host once it is checked to be a bare
/// host name or address, and a path that starts with '/' (so it can only follow the authority).
/// Anything else is refused rather than repaired: a redirection is a place an attacker would like
/// to point a victim's browser, so a Host such as <c>evil.example@good.example</c> gets 400.
/// </summary>
internal static class RedirectLocation
{
    /// <summary>The Location, or null with <paramref name="problem"/> saying why the request cannot be redirected.</summary>
    public static string? Build(EntryPointRedirection redirection, string host, string rawTarget, out string? problem)
    {
        if (HostName(host) is not { } name)
        {
            problem = host.Length == 0 ? "no Host header to redirect to" : "the Host header is not a host name";
            return null;
        }

        if (PathAndQuery(rawTarget) is not { } path)
        {
            problem = "the request target cannot be redirected";
            return null;
        }

        problem = null;
        var port = redirection.Port is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return $"{redirection.Scheme}://{name}{port}{path}";
    }

    /// <summary>
    /// The host of a Host header without its port: a DNS name (letters, digits, '-', '_', dots), a dotted
    /// IPv4 address or a bracketed IPv6 address. Null for anything else, '@', '/', '\' and spaces included.
    /// </summary>
    public static string? HostName(string header)
    {
        if (header.Length == 0 || header.Length > 261)
        {
            return null;
        }

        string host;
        if (header.StartsWith('['))
        {
            var close = header.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IsPortSuffix(header.AsSpan(close + 1))
                || !IPAddress.TryParse(header.AsSpan(1, close - 1), out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return null;
            }

            return header[..(close + 1)];
        }

        var colon = header.IndexOf(':', StringComparison.Ordinal);
        host = colon < 0 ? header : header[..colon];
        if (colon >= 0 && !IsPortSuffix(header.AsSpan(colon)))
        {
            return null;
        }

        return IsDnsName(host) ? host : null;
    }

    /// <summary>
    /// The path and query as the client sent them. An absolute-form target (<c>GET http://a/b</c>) gives
    /// up its scheme and authority, which are never trusted; an authority-form or <c>*</c> target has no
    /// path to keep and is refused.
    /// </summary>
    public static string? PathAndQuery(string rawTarget)
    {
        var path = rawTarget;
        if (!rawTarget.StartsWith('/'))
        {
            var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                return null;
            }

            var rest = rawTarget.AsSpan(scheme + 3);
            var end = rest.IndexOfAny('/', '?');
            path = end < 0 ? "/" : rest[end] == '?' ? "/" + rest[end..].ToString() : rest[end..].ToString();
        }

        // Kestrel refuses control characters and spaces in a target; this holds if that ever changes.
        foreach (var c in path)
        {
            if (c <= ' ' || c >= 0x7f)
            {
                return null;
            }
        }

        return path;
    }

    private static bool IsPortSuffix(ReadOnlySpan<char> suffix) =>
        suffix.IsEmpty
        || (suffix[0] == ':' && suffix.Length is > 1 and <= 6 && !suffix[1..].ContainsAnyExceptInRange('0', '9'));

    private static bool IsDnsName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        var label = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                label = 0;
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || ++label > 63)
            {
                return false;
            }
        }

        return true;
    }
}
