using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>
/// RFC 9110 section 7.6.1: a header the sender names in Connection is for this hop only and must not
/// be forwarded. YARP drops the fixed hop-by-hop set (Connection, Keep-Alive, TE, Proxy-Connection,
/// Upgrade, ...) but forwards the ones a client names; this removes those, from every Connection
/// line, whatever the tokens' case or the whitespace around them. The options (close, keep-alive, upgrade) are
/// not header names here: YARP carries WebSocket upgrades itself, and the forwarded headers to the node, which sets them (as Traefik
/// does, a Connection header cannot remove them). Kestrel drops the other tokens of a line whose one
/// option is close, keep-alive or upgrade before any code sees them; <see cref="ConnectionHeaderEncoding"/> keeps them.
/// </summary>
internal static class HopByHop
{
    // RFC 9110 section 5.6.2: tchar. A token made of anything else names no header we would send.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Host and Content-Length are the node's to set (the Host it forwards, the body's framing): a
    /// client naming them would only break the request. Go's ReverseProxy, Traefik's, keeps both in
    /// fields that Connection does not reach.
    /// </summary>
    private static bool IsFraming(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    public static void RemoveNominated(HttpRequest request, HttpRequestMessage proxyRequest)
    {
        var lines = request.Headers.Connection;
        for (var i = 0; i < lines.Count; i++)
        {
            var rest = (lines[i] ?? string.Empty).AsSpan();
            while (NextNominated(ref rest) is { } name)
            {
                if (!ForwardedHeaderNames.IsForwarded(name) && !IsFraming(name))
                {
                    HeaderRemoval.Remove(proxyRequest.Headers, name);
                    if (proxyRequest.Content is { } content)
                    {
                        HeaderRemoval.Remove(content.Headers, name);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same for the way back: what the server names in its Connection is for its hop to the node
    /// (RFC 9110 section 7.6.1), so it is not passed to the client, as Go's ReverseProxy (Traefik's)
    /// drops it. YARP copies such headers otherwise.
    /// </summary>
    public static void RemoveNominated(HttpResponseMessage proxyResponse, HttpResponse response)
    {
        if (!proxyResponse.Headers.NonValidated.TryGetValues("Connection", out var lines))
        {
            return;
        }

        foreach (var line in lines)
        {
            var rest = line.AsSpan();
            while (NextNominated(ref rest) is { } name)
            {
                if (!IsFraming(name))
                {
                    response.Headers.Remove(name);
                }
            }
        }
    }

    /// <summary>
    /// The next header name a Connection line nominates, consuming the line up to it; null at its end.
    /// Options (close, keep-alive, upgrade), empty tokens and tokens that are no valid name are skipped.
    /// </summary>
    private static string? NextNominated(ref ReadOnlySpan<char> rest)
    {
        while (rest.Length > 0)
        {
            var comma = rest.IndexOf(',');
            var token = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            if (token.Length > 0 && token.IndexOfAnyExcept(TokenChars) < 0 && ConnectionHeaderEncoding.OptionOf(token) == 0)
            {
                return token.ToString();
            }
        }

        return null;
    }

    /// <summary>
    /// A request header that belongs to the hop it arrived on or to its body's framing, so a request the node makes
    /// itself (an error page, a mirror's copy) sets its own: Host, Transfer-Encoding, the connection's headers, Expect,
    /// and CDN-Loop, to which the node appends its own pass (<see cref="CdnLoop"/>).
    /// </summary>
    public static bool IsOwnRequestHeader(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TE", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
        || name.Equals(CdnLoop.HeaderName, StringComparison.OrdinalIgnoreCase);
}
