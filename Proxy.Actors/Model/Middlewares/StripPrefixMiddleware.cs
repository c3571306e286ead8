using System.Collections.Immutable;

namespace Proxy.Actors.Model.Middlewares;

/// <summary>Removes the first matching prefix from the path; the removed part goes to X-Forwarded-Prefix.</summary>
public sealed record StripPrefixMiddleware(string Name, ImmutableArray<string> Prefixes) : MiddlewareSnapshot(Name)
{
    public override string Type => "stripPrefix";
}
