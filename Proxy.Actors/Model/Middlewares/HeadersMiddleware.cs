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
}
