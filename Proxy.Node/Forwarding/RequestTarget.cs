using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The path a backend receives: the one the client sent, byte for byte. Kestrel's decoded
/// <see cref="HttpRequest.Path"/> cannot be re-encoded into it: it keeps <c>%2F</c> encoded but decodes
/// <c>%25</c>, so <c>/a%2Fb</c> and <c>/a%252Fb</c> both read <c>/a%2Fb</c>, and encoding that again sent
/// <c>/a%252Fb</c>. Rules still match the decoded path; the only change made to the raw one is the dot
/// segments Kestrel resolved before routing (<c>/a/%2e%2e/b</c> is routed and sent as <c>/b</c>), so the
/// backend never receives a path other than the one the router matched.
/// </summary>
internal static class RequestTarget
{
    // What may go on the request line unescaped: printable ASCII. Kestrel refuses the rest in
    // HTTP/1.1 targets; an HTTP/2 :path is checked here again before it reaches a backend's socket.
    private static readonly SearchValues<char> Printable = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly UriCreationOptions AsSent = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The request's path as sent (no query), or its decoded path encoded when no raw target is at hand.</summary>
    public static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = raw is null ? null : PathOf(raw);
        if (path is null)
        {
            // OPTIONS * or a server without a raw target: nothing better than the decoded path.
            return context.Request.Path.HasValue ? context.Request.Path.ToUriComponent() : "/";
        }

        return RemoveDotSegments(path);
    }

    /// <summary>
    /// The raw path after a prefix was stripped from the decoded path: the decoded rest and the raw
    /// path end in the same segments (Kestrel never decodes a '/'), so the rest is as many segments
    /// from the raw path's end.
    /// </summary>
    public static string StripToSegments(string rawPath, PathString decodedRest)
    {
        var rest = decodedRest.Value;
        if (string.IsNullOrEmpty(rest))
        {
            return "/";
        }

        var slashes = rest.AsSpan().Count('/');
        var index = rawPath.Length;
        for (var found = 0; found < slashes && index > 0;)
        {
            index = rawPath.LastIndexOf('/', index - 1);
            if (index < 0)
            {
                return rest;
            }

            found++;
        }

        return rawPath[index..];
    }

    /// <summary>
    /// The backend's URL for a request whose path no middleware changed. The common case, an
    /// origin-form target without dot segments, is the raw target appended to the prefix: one string.
    /// </summary>
    public static Uri Destination(string destinationPrefix, HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && raw.StartsWith('/') && raw.AsSpan().IndexOfAnyExcept(Printable) < 0)
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            if (!HasDotSegment(query < 0 ? raw : raw.AsSpan(0, query)))
            {
                return new Uri(string.Concat(Prefix(destinationPrefix), raw), in AsSent);
            }
        }

        return Destination(destinationPrefix, RawPath(context), context.Request.QueryString);
    }

    /// <summary>The backend's URL: its prefix, the raw path and the raw query, which no URI canonicalisation may touch.</summary>
    public static Uri Destination(string destinationPrefix, string rawPath, QueryString query)
    {
        var prefix = Prefix(destinationPrefix);

        var path = rawPath.AsSpan().IndexOfAnyExcept(Printable) < 0 ? rawPath : Escape(rawPath);
        var queryText = query.Value ?? string.Empty;
        if (queryText.AsSpan().IndexOfAnyExcept(Printable) >= 0)
        {
            queryText = Escape(queryText);
        }

        return new Uri(string.Concat(prefix, path, queryText), in AsSent);
    }

    private static ReadOnlySpan<char> Prefix(string destinationPrefix) =>
        destinationPrefix.EndsWith('/') ? destinationPrefix.AsSpan(0, destinationPrefix.Length - 1) : destinationPrefix;

    /// <summary>The path part of a request target: origin-form as is, absolute-form after its authority.</summary>
    private static string? PathOf(string raw)
    {
        if (raw.StartsWith('/'))
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            return query < 0 ? raw : raw[..query];
        }

        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        var start = raw.IndexOf('/', scheme + 3);
        if (start < 0)
        {
            return "/";
        }

        var end = raw.IndexOf('?', start);
        return end < 0 ? raw[start..] : raw[start..end];
    }

    /// <summary>
    /// RFC 3986 section 5.2.4 on the raw segments, where "." and ".." may be written with %2E as
    /// Kestrel decodes them. A path without such a segment, nearly every one, is returned as it is.
    /// </summary>
    internal static string RemoveDotSegments(string path)
    {
        if (!HasDotSegment(path))
        {
            return path;
        }

        var kept = new List<string>();
        var segments = path.Split('/');
        // segments[0] is the empty string before the leading '/'.
        for (var i = 1; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            switch (DotKind(segments[i]))
            {
                case 1:
                    if (last)
                    {
                        kept.Add(string.Empty);
                    }

                    break;
                case 2:
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }

                    if (last)
                    {
                        kept.Add(string.Empty);
                    }

                    break;
                default:
                    kept.Add(segments[i]);
                    break;
            }
        }

        return kept.Count == 0 ? "/" : "/" + string.Join('/', kept);
    }

    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        var rest = path;
        while (rest.Length > 0)
        {
            var slash = rest.IndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            rest = rest[(slash + 1)..];
            var end = rest.IndexOf('/');
            if (DotKind(end < 0 ? rest : rest[..end]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>1 for ".", 2 for "..", 0 for any other segment; each dot may be written %2E or %2e.</summary>
    private static int DotKind(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        while (segment.Length > 0)
        {
            if (segment[0] == '.')
            {
                segment = segment[1..];
            }
            else if (segment.Length >= 3 && segment[0] == '%' && segment[1] == '2' && (segment[2] is 'e' or 'E'))
            {
                segment = segment[3..];
            }
            else
            {
                return 0;
            }

            if (++dots > 2)
            {
                return 0;
            }
        }

        return dots;
    }

    /// <summary>Percent-encodes, as UTF-8, every character that may not travel unescaped; the rest is kept as sent.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Printable.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
