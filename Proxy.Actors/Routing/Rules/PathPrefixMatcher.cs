namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>PathPrefix(`/api`)</c>: a plain string prefix, so <c>/api</c> also takes <c>/apis</c>,
/// as in Traefik v3 (which dropped regex prefixes).
/// </summary>
internal sealed record PathPrefixMatcher(string Prefix) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => request.Path.StartsWith(Prefix, StringComparison.Ordinal);
}
