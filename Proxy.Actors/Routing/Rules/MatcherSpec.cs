namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// A matcher the rule language knows: its name, how many arguments it takes, and how to turn
/// arguments that passed the count into a matcher or a semantic error.
/// </summary>
internal sealed record MatcherSpec(
    string Name,
    int MinArguments,
    int MaxArguments,
    Func<IReadOnlyList<RuleArgument>, BuildResult> Build)
{
    public string ArityText => MinArguments == MaxArguments
        ? $"exactly {MinArguments} argument{(MinArguments == 1 ? "" : "s")}"
        : $"{MinArguments} or {MaxArguments} arguments";
}
