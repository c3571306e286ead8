using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>QueryRegexp(`key`, `...`)</c>: some value of the parameter matches.</summary>
internal sealed record QueryRegexpMatcher(string Key, Regex Pattern) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var value in request.QueryValues(Key))
        {
            if (SafeRegex.IsMatch(Pattern, value))
            {
                return true;
            }
        }

        return false;
    }
}
