namespace Proxy.Actors.Services.SessionAffinity;

/// <summary>
/// Reads one cookie out of a <c>Cookie</c> request header (<c>a=1; b=2</c>) without allocating. Lenient as
/// browsers' own parsers are: spaces around pairs, a pair without '=' and a quoted value are all read.
/// </summary>
public static class CookieHeader
{
    /// <summary>
    /// The value of the first cookie named <paramref name="name"/> (names compare exactly, as RFC 6265 says).
    /// A browser sends the cookie of the longest path first, which is the one it means.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> header, string name, out ReadOnlySpan<char> value)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf(';');
            var pair = (end < 0 ? header : header[..end]).Trim(" \t");
            header = end < 0 ? [] : header[(end + 1)..];
            var equals = pair.IndexOf('=');
            if (equals < 0 || !pair[..equals].TrimEnd(" \t").SequenceEqual(name))
            {
                continue;
            }

            value = pair[(equals + 1)..].TrimStart(" \t");
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// As <see cref="TryFind(ReadOnlySpan{char}, string, out ReadOnlySpan{char})"/> over the request's <c>Cookie</c>
    /// lines: HTTP/2 may send each cookie as its own line, and the first line with the cookie decides. A span, so that
    /// the request's header is read where it stands (one line, or the array of several) with nothing allocated.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<string?> lines, string name, out ReadOnlySpan<char> value)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] is { } line && TryFind(line, name, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }
}
