namespace Proxy.Actors.CircuitBreaking;

/// <summary>Why an expression does not parse, and where: <see cref="Column"/> counts characters from 1.</summary>
public sealed record BreakerExpressionError(int Column, string Problem)
{
    public override string ToString() => $"at column {Column}: {Problem}";
}
