namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Query(`key`, `value`)</c>: some value of the parameter equals the given one exactly.</summary>
internal sealed record QueryMatcher(string Key, string Value) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var value in request.QueryValues(Key))
        {
            if (string.Equals(value, Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
