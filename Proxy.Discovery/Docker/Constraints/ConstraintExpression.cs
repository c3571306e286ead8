using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Proxy.Discovery.Docker.Constraints;

/// <summary>
/// A parsed <c>providers.docker.constraints</c> expression, Traefik's semantics: a label that is absent reads
/// as the empty string, so <c>Label(`a`, ``)</c> holds for a container without label <c>a</c>.
/// </summary>
public abstract record ConstraintExpression
{
    public abstract bool Matches(ImmutableSortedDictionary<string, string> labels);
}

/// <summary><c>Label(`key`, `value`)</c>: the label's value is exactly <see cref="Value"/>.</summary>
public sealed record LabelConstraint(string Key, string Value) : ConstraintExpression
{
    public override bool Matches(ImmutableSortedDictionary<string, string> labels) =>
        string.Equals(labels.GetValueOrDefault(Key, ""), Value, StringComparison.Ordinal);
}

/// <summary>
/// <c>LabelRegex(`key`, `regex`)</c>: the regex matches somewhere in the label's value, unanchored as Go's
/// <c>regexp.MatchString</c>; anchor with ^ and $ for a whole-value match.
/// </summary>
public sealed record LabelRegexConstraint(string Key, Regex Pattern) : ConstraintExpression
{
    public override bool Matches(ImmutableSortedDictionary<string, string> labels) =>
        Pattern.IsMatch(labels.GetValueOrDefault(Key, ""));
}

public sealed record NotConstraint(ConstraintExpression Operand) : ConstraintExpression
{
    public override bool Matches(ImmutableSortedDictionary<string, string> labels) => !Operand.Matches(labels);
}

public sealed record AndConstraint(ConstraintExpression Left, ConstraintExpression Right) : ConstraintExpression
{
    public override bool Matches(ImmutableSortedDictionary<string, string> labels) => Left.Matches(labels) && Right.Matches(labels);
}

public sealed record OrConstraint(ConstraintExpression Left, ConstraintExpression Right) : ConstraintExpression
{
    public override bool Matches(ImmutableSortedDictionary<string, string> labels) => Left.Matches(labels) || Right.Matches(labels);
}
