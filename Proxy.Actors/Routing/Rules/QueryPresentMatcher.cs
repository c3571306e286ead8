namespace Proxy.Actors.Routing.Rules;

/// <summary><c>Query(`key`)</c>: the parameter is present, with or without a value.</summary>
internal sealed record QueryPresentMatcher(string Key) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => request.HasQuery(Key);
}
