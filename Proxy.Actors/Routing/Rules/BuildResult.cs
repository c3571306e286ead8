namespace Proxy.Actors.Routing.Rules;

/// <summary>What building one node gives: a matcher or the error that prevented it.</summary>
internal readonly record struct BuildResult(RuleMatcher? Matcher, RuleError? Error)
{
    public static implicit operator BuildResult(RuleMatcher matcher) => new(matcher, null);

    public static implicit operator BuildResult(RuleError error) => new(null, error);
}
