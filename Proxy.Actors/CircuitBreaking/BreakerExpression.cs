using System.Globalization;

namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// A parsed circuit-breaker expression (<see cref="BreakerExpressionParser"/>): a tree of number-valued
/// terms (literals and metric functions) under comparisons, joined by <c>&amp;&amp;</c> and <c>||</c>.
/// Immutable; evaluating it reads the metrics and nothing else.
/// </summary>
public abstract record BreakerExpression
{
    /// <summary>Whether the expression is a condition (a comparison or a join of them) rather than a number.</summary>
    public abstract bool IsCondition { get; }

    /// <summary>The value of a number-valued node; a condition is 1 when it holds, 0 otherwise.</summary>
    public abstract double Value(IBreakerMetrics metrics);

    /// <summary>Whether the breaker should trip: the condition holds on <paramref name="metrics"/>.</summary>
    public bool Trips(IBreakerMetrics metrics) => Value(metrics) != 0;
}

/// <summary>A number written in the expression.</summary>
public sealed record NumberLiteral(double Number) : BreakerExpression
{
    public override bool IsCondition => false;

    public override double Value(IBreakerMetrics metrics) => Number;

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>NetworkErrorRatio()</c>.</summary>
public sealed record NetworkErrorRatioCall : BreakerExpression
{
    public override bool IsCondition => false;

    public override double Value(IBreakerMetrics metrics) => metrics.NetworkErrorRatio();

    public override string ToString() => "NetworkErrorRatio()";
}

/// <summary><c>ResponseCodeRatio(from, to, divFrom, divTo)</c>, ranges inclusive of their start only, as Traefik reads them.</summary>
public sealed record ResponseCodeRatioCall(int From, int To, int DivFrom, int DivTo) : BreakerExpression
{
    public override bool IsCondition => false;

    public override double Value(IBreakerMetrics metrics) => metrics.ResponseCodeRatio(From, To, DivFrom, DivTo);

    public override string ToString() => $"ResponseCodeRatio({From}, {To}, {DivFrom}, {DivTo})";
}

/// <summary><c>LatencyAtQuantileMS(quantile)</c>, the quantile in percent (50.0 is the median).</summary>
public sealed record LatencyAtQuantileCall(double Quantile) : BreakerExpression
{
    public override bool IsCondition => false;

    public override double Value(IBreakerMetrics metrics) => metrics.LatencyAtQuantileMs(Quantile);

    public override string ToString() => $"LatencyAtQuantileMS({Quantile.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>Two numbers compared.</summary>
public sealed record Comparison(BreakerExpression Left, ComparisonOperator Operator, BreakerExpression Right) : BreakerExpression
{
    public override bool IsCondition => true;

    public override double Value(IBreakerMetrics metrics)
    {
        var left = Left.Value(metrics);
        var right = Right.Value(metrics);
        var holds = Operator switch
        {
            ComparisonOperator.Less => left < right,
            ComparisonOperator.LessOrEqual => left <= right,
            ComparisonOperator.Greater => left > right,
            ComparisonOperator.GreaterOrEqual => left >= right,
            ComparisonOperator.Equal => left == right,
            _ => left != right,
        };
        return holds ? 1 : 0;
    }

    public override string ToString() => $"{Left} {ComparisonOperators.Symbol(Operator)} {Right}";
}

/// <summary>Both conditions hold; the right one is not evaluated when the left fails.</summary>
public sealed record AndCondition(BreakerExpression Left, BreakerExpression Right) : BreakerExpression
{
    public override bool IsCondition => true;

    public override double Value(IBreakerMetrics metrics) => Left.Trips(metrics) && Right.Trips(metrics) ? 1 : 0;

    public override string ToString() => $"({Left} && {Right})";
}

/// <summary>Either condition holds; the right one is not evaluated when the left holds.</summary>
public sealed record OrCondition(BreakerExpression Left, BreakerExpression Right) : BreakerExpression
{
    public override bool IsCondition => true;

    public override double Value(IBreakerMetrics metrics) => Left.Trips(metrics) || Right.Trips(metrics) ? 1 : 0;

    public override string ToString() => $"({Left} || {Right})";
}
