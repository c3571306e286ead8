namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>Method(`GET`)</c>. The rule's method is upper-cased at compile time, as Traefik does, and
/// compared exactly with the request method, which arrives in upper case.
/// </summary>
internal sealed record MethodMatcher(string Method) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => string.Equals(request.Method, Method, StringComparison.Ordinal);
}
