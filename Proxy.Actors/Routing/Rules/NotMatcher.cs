namespace Proxy.Actors.Routing.Rules;

/// <summary><c>!a</c>. Has no host set: the complement of a finite set of hosts is infinite.</summary>
internal sealed record NotMatcher(RuleMatcher Operand) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => !Operand.Matches(request);
}
