using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>PathRegexp(`...`)</c>, unanchored like every rule regex.</summary>
internal sealed record PathRegexpMatcher(Regex Pattern) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => Pattern.IsMatch(request.Path);
}
