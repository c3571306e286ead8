using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>HeaderRegexp(`name`, `...`)</c>: some value of the header matches.</summary>
internal sealed record HeaderRegexpMatcher(string Name, Regex Pattern) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        // Indexing, not foreach: enumerating through the interface would allocate per request.
        var values = request.HeaderValues(Name);
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
