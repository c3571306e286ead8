namespace Proxy.Actors.Routing.Rules;

/// <summary>A matcher argument, unquoted, and the column of its opening quote for errors.</summary>
internal readonly record struct RuleArgument(string Value, int Position);
