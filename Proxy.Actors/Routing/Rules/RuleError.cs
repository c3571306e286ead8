namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Why a rule does not compile. <paramref name="Position"/> is the 1-based column in the rule
/// text where the problem starts, so an operator can find it in a long label.
/// </summary>
public sealed record RuleError(int Position, string Message)
{
    public override string ToString() => $"at position {Position}: {Message}";
}
