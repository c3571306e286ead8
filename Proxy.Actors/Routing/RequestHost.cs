namespace Proxy.Actors.Routing;

/// <summary>
/// The form of a request host that rules compare: without a port and without the trailing dot
/// of a fully qualified name. Case is left alone; every comparison ignores it, which avoids
/// allocating a lower-cased copy per request.
/// </summary>
internal static class RequestHost
{
    public static ReadOnlySpan<char> Canonical(string host)
    {
        var span = host.AsSpan();
        if (span.StartsWith('['))
        {
            // Bracketed IPv6 literal, maybe with a port after the bracket.
            var close = span.IndexOf(']');
            span = close > 0 ? span[1..close] : span;
        }
        else if (span.IndexOf(':') is var colon and >= 0 && span.LastIndexOf(':') == colon)
        {
            // A single colon is a port separator; several mean a bare IPv6 literal.
            span = span[..colon];
        }

        return span.EndsWith('.') ? span[..^1] : span;
    }
}
