namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Query(`key`, `value`)</c>: some value of the parameter equals the given one exactly.</summary>
internal sealed record QueryMatcher(string Key, string Value) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        // Indexing, not foreach: enumerating through the interface would allocate per request.
        var values = request.QueryValues(Key);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.Equals(value, Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
