namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Header(`name`, `value`)</c>: some value of the header equals the given one exactly.</summary>
internal sealed record HeaderMatcher(string Name, string Value) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var value in request.HeaderValues(Name))
        {
            if (string.Equals(value, Value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
