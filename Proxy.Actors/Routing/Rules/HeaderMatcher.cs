namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Header(`name`, `value`)</c>: some value of the header equals the given one exactly.</summary>
internal sealed record HeaderMatcher(string Name, string Value) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        // Indexing, not foreach: enumerating through the interface would allocate per request.
        var values = request.HeaderValues(Name);
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
