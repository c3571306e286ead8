using System.Collections.Immutable;

namespace Proxy.Actors.Model.Middlewares;

/// <summary>Removes the first matching prefix from the path; the removed part goes to X-Forwarded-Prefix.</summary>
public sealed record StripPrefixMiddleware(string Name, ImmutableArray<string> Prefixes) : MiddlewareSnapshot(Name)
{
    public override string Type => "stripPrefix";

    // By value: a reload that revalidates the same prefixes must leave the routers using it as they are.
    public bool Equals(StripPrefixMiddleware? other) =>
        other is not null && base.Equals(other) && Prefixes.SequenceEqual(other.Prefixes, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Prefixes.Length);
}
