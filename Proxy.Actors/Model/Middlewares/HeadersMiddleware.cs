using System.Collections.Immutable;

namespace Proxy.Actors.Model.Middlewares;

/// <summary>
/// Custom headers. As in Traefik, an empty value removes the header instead of setting it.
/// </summary>
public sealed record HeadersMiddleware(
    string Name,
    ImmutableSortedDictionary<string, string> RequestHeaders,
    ImmutableSortedDictionary<string, string> ResponseHeaders) : MiddlewareSnapshot(Name)
{
    public override string Type => "headers";

    // By value: a reload that revalidates the same headers must leave the routers using it as they are.
    public bool Equals(HeadersMiddleware? other) =>
        other is not null && base.Equals(other)
        && Same(RequestHeaders, other.RequestHeaders) && Same(ResponseHeaders, other.ResponseHeaders);

    public override int GetHashCode() => HashCode.Combine(Name, RequestHeaders.Count, ResponseHeaders.Count);

    private static bool Same(ImmutableSortedDictionary<string, string> a, ImmutableSortedDictionary<string, string> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var value) && value == entry.Value);
}
