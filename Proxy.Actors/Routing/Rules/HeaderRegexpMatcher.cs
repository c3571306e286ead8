using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>HeaderRegexp(`name`, `...`)</c>: some value of the header matches.</summary>
internal sealed record HeaderRegexpMatcher(string Name, Regex Pattern) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var value in request.HeaderValues(Name))
        {
            if (SafeRegex.IsMatch(Pattern, value))
            {
                return true;
            }
        }

        return false;
    }
}
