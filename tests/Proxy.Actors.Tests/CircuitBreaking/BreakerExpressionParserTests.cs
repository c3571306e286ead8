using Proxy.Actors.CircuitBreaking;
using Xunit;

namespace Proxy.Actors.Tests.CircuitBreaking;

public sealed class BreakerExpressionParserTests
{
    [Theory]
    [InlineData("NetworkErrorRatio() > 0.30", "NetworkErrorRatio() > 0.3")]
    [InlineData("ResponseCodeRatio(500, 600, 0, 600) > 0.25", "ResponseCodeRatio(500, 600, 0, 600) > 0.25")]
    [InlineData("LatencyAtQuantileMS(50.0) > 100", "LatencyAtQuantileMS(50) > 100")]
    [InlineData("NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50.0) > 100",
        "(NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50) > 100)")]
    [InlineData("NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50.0) > 100 && ResponseCodeRatio(500,600,0,600) >= .5",
        "(NetworkErrorRatio() > 0.5 || (LatencyAtQuantileMS(50) > 100 && ResponseCodeRatio(500, 600, 0, 600) >= 0.5))")]
    [InlineData("(NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50.0) > 100) && ResponseCodeRatio(500,600,0,600) != 0",
        "((NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50) > 100) && ResponseCodeRatio(500, 600, 0, 600) != 0)")]
    [InlineData("0.5 <= (NetworkErrorRatio())", "0.5 <= NetworkErrorRatio()")]
    [InlineData("  NetworkErrorRatio()==1  ", "NetworkErrorRatio() == 1")]
    [InlineData("NetworkErrorRatio() < 1 && NetworkErrorRatio() <= 1", "(NetworkErrorRatio() < 1 && NetworkErrorRatio() <= 1)")]
    public void TryParse_ValidExpression_BuildsTreeWithPrecedence(string text, string expected)
    {
        Assert.True(BreakerExpressionParser.TryParse(text, out var expression, out var error), error?.ToString());
        Assert.Equal(expected, expression.ToString());
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("Foo() > 1", 1, "unknown function 'Foo'")]
    [InlineData("networkErrorRatio() > 1", 1, "did you mean NetworkErrorRatio?")]
    [InlineData("NetworkErrorRatio(1) > 0.5", 1, "NetworkErrorRatio takes 0 arguments, got 1")]
    [InlineData("x > 0 || ResponseCodeRatio(500, 600) > 0.5", 1, "'x' is not a function call")]
    [InlineData("NetworkErrorRatio() > 0 || ResponseCodeRatio(500, 600) > 0.5", 28, "ResponseCodeRatio takes 4 arguments, got 2")]
    [InlineData("LatencyAtQuantileMS() > 5", 1, "LatencyAtQuantileMS takes 1 argument, got 0")]
    [InlineData("LatencyAtQuantileMS(150) > 5", 21, "percentage above 0 and at most 100")]
    [InlineData("ResponseCodeRatio(500.5, 600, 0, 600) > 0.5", 19, "whole numbers")]
    [InlineData("ResponseCodeRatio(600, 500, 0, 600) > 0.5", 19, "each start must be below its end")]
    [InlineData("(NetworkErrorRatio() > 0.5", 1, "'(' is never closed")]
    [InlineData("NetworkErrorRatio() > 0.5)", 26, "')' without a matching '('")]
    [InlineData("NetworkErrorRatio( > 0.5", 20, "the arguments of NetworkErrorRatio are numbers, found '>'")]
    [InlineData("LatencyAtQuantileMS(50", 20, "'(' of LatencyAtQuantileMS is never closed")]
    [InlineData("NetworkErrorRatio()", 1, "is a number, not a condition")]
    [InlineData("NetworkErrorRatio() > 0.5 && 3", 30, "'&&' joins conditions")]
    [InlineData("0 < NetworkErrorRatio() < 1", 25, "comparisons do not chain")]
    [InlineData("NetworkErrorRatio() > 0.5 & NetworkErrorRatio() > 0", 27, "write &&")]
    [InlineData("NetworkErrorRatio() = 0.5", 21, "write == to compare")]
    [InlineData("NetworkErrorRatio() > 1.2.3", 23, "'1.2.3' is not a number")]
    [InlineData("NetworkErrorRatio() > 0.5 NetworkErrorRatio()", 27, "expected && or || or the end")]
    [InlineData("NetworkErrorRatio() > #", 23, "unexpected character '#'")]
    [InlineData("(NetworkErrorRatio() > 0) > 1", 27, "its left side is a condition")]
    [InlineData("NetworkErrorRatio() >", 22, "ends where a number or a function was expected")]
    public void TryParse_BadExpression_NamesColumnAndProblem(string text, int column, string problem)
    {
        Assert.False(BreakerExpressionParser.TryParse(text, out _, out var error));
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void TryParse_NestedBeyondDepth_NamesTheLimit()
    {
        var depth = BreakerExpressionParser.MaxDepth + 1;
        var text = new string('(', depth) + "NetworkErrorRatio() > 0" + new string(')', depth);

        Assert.False(BreakerExpressionParser.TryParse(text, out _, out var error));
        Assert.Contains($"deeper than {BreakerExpressionParser.MaxDepth}", error.Problem);
        Assert.Equal(depth, error.Column);
    }

    [Fact]
    public void TryParse_NestedAtDepth_Parses()
    {
        var depth = BreakerExpressionParser.MaxDepth;
        var text = new string('(', depth) + "NetworkErrorRatio() > 0" + new string(')', depth);

        Assert.True(BreakerExpressionParser.TryParse(text, out _, out _));
    }

    [Fact]
    public void TryParse_LongerThanLimit_NamesTheLimit()
    {
        var text = string.Join(" || ", Enumerable.Repeat("NetworkErrorRatio() > 0.5", 50));

        Assert.False(BreakerExpressionParser.TryParse(text, out _, out var error));
        Assert.Contains($"longer than {BreakerExpressionParser.MaxLength} characters", error.Problem);
    }

    [Theory]
    [InlineData("NetworkErrorRatio() > 0.5", 0.6, 0, 0, true)]
    [InlineData("NetworkErrorRatio() > 0.5", 0.5, 0, 0, false)]
    [InlineData("NetworkErrorRatio() >= 0.5", 0.5, 0, 0, true)]
    [InlineData("ResponseCodeRatio(500, 600, 0, 600) > 0.25 && LatencyAtQuantileMS(50) > 100", 0, 0.3, 150, true)]
    [InlineData("ResponseCodeRatio(500, 600, 0, 600) > 0.25 && LatencyAtQuantileMS(50) > 100", 0, 0.3, 50, false)]
    [InlineData("ResponseCodeRatio(500, 600, 0, 600) > 0.25 || LatencyAtQuantileMS(50) > 100", 0, 0.1, 150, true)]
    [InlineData("LatencyAtQuantileMS(99) != 0 && LatencyAtQuantileMS(99) == 7", 0, 0, 7, true)]
    [InlineData("LatencyAtQuantileMS(99) < 5", 0, 0, 7, false)]
    [InlineData("LatencyAtQuantileMS(99) <= 7", 0, 0, 7, true)]
    public void Trips_Metrics_EvaluatesCondition(string text, double networkErrors, double codes, double latency, bool expected)
    {
        var expression = BreakerExpressionParser.ParseChecked(text);

        Assert.Equal(expected, expression.Trips(new FixedMetrics(networkErrors, codes, latency)));
    }

    [Fact]
    public void Check_BadExpression_ReportsValueColumnAndProblem()
    {
        var problem = Assert.Single(BreakerExpressionParser.Check("Nope() > 1"));

        Assert.Equal("'Nope() > 1' is not a circuit-breaker expression: at column 1: unknown function 'Nope'; known functions are "
            + "NetworkErrorRatio(), ResponseCodeRatio(from, to, divFrom, divTo), LatencyAtQuantileMS(quantile)", problem.Message);
    }

    [Fact]
    public void Check_OverlongExpression_QuotesItsStartOnly()
    {
        var text = new string(' ', 2000) + "NetworkErrorRatio() > 0.5";

        var problem = Assert.Single(BreakerExpressionParser.Check(text));

        Assert.True(problem.Message.Length < 300, problem.Message);
        Assert.Contains($"longer than {BreakerExpressionParser.MaxLength} characters (2025)", problem.Message);
    }
}
