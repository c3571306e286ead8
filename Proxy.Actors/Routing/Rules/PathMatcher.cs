namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Path(`/a`)</c>: the whole path, case-sensitive.</summary>
internal sealed record PathMatcher(string Path) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => string.Equals(request.Path, Path, StringComparison.Ordinal);
}
