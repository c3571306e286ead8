using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>QueryRegexp(`key`, `...`)</c>: some value of the parameter matches.</summary>
internal sealed record QueryRegexpMatcher(string Key, Regex Pattern) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        // Indexing, not foreach: enumerating through the interface would allocate per request.
        var values = request.QueryValues(Key);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (Pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
