using System.Collections.Immutable;
using Proxy.Discovery.Docker.Constraints;
using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// Traefik's constraint language with Traefik's own table of examples (pkg/provider/constraints), evaluated on
/// the labels {hello: world, foo: bar}, plus precedence, quoting and the errors a bad expression gets at start.
/// </summary>
public sealed class ConstraintParserTests
{
    private static readonly ImmutableSortedDictionary<string, string> Labels =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("hello", "world"), KeyValuePair.Create("foo", "bar")]);

    [Theory]
    [InlineData("Label(\"hello\", \"world\")", true)]
    [InlineData("Label(\"hello\", \"worlds\")", false)]
    [InlineData("Label(\"hi\", \"world\")", false)]
    [InlineData("!Label(\"hello\", \"world\")", false)]
    [InlineData("Label(\"hello\", \"world\") && Label(\"foo\", \"bar\")", true)]
    [InlineData("Label(\"hello\", \"worlds\") && Label(\"foo\", \"bar\")", false)]
    [InlineData("Label(\"hello\", \"world\") && !Label(\"foo\", \"bar\")", false)]
    [InlineData("Label(\"hello\", \"world\") || Label(\"foo\", \"bar\")", true)]
    [InlineData("Label(\"hello\", \"worlds\") || Label(\"foo\", \"bar\")", true)]
    [InlineData("Label(\"hello\", \"world\") || !Label(\"foo\", \"bar\")", true)]
    [InlineData("LabelRegex(\"hello\", \"w\\\\w+\")", true)]
    [InlineData("LabelRegex(\"hello\", \"w\\\\w+s\")", false)]
    [InlineData("LabelRegex(\"hi\", \"w\\\\w+\")", false)]
    [InlineData("!LabelRegex(\"hello\", \"w\\\\w+\")", false)]
    // Backticks as Traefik's docs write them: raw, so a regex needs no doubled backslash.
    [InlineData("LabelRegex(`hello`, `w\\w+`)", true)]
    // Unanchored as Go's regexp.MatchString: "orl" is found inside "world".
    [InlineData("LabelRegex(`hello`, `orl`)", true)]
    [InlineData("LabelRegex(`hello`, `^orl$`)", false)]
    // An absent label reads as the empty string, as a Go map read.
    [InlineData("Label(`absent`, ``)", true)]
    [InlineData("LabelRegex(`absent`, `^$`)", true)]
    // && binds tighter than ||: true || (false && false).
    [InlineData("Label(`hello`, `world`) || Label(`foo`, `x`) && Label(`foo`, `y`)", true)]
    [InlineData("(Label(`hello`, `world`) || Label(`foo`, `x`)) && Label(`foo`, `y`)", false)]
    [InlineData("!(Label(`hello`, `x`) || Label(`foo`, `x`))", true)]
    [InlineData("!!Label(`hello`, `world`)", true)]
    public void Parse_TraefikExamples_EvaluateAsTraefik(string expression, bool expected)
    {
        Assert.True(ConstraintParser.TryParse(expression, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(Labels));
    }

    [Theory]
    [InlineData("Label(\"hello\")", "at position 1: Label takes 2 arguments (the label key and the value), found 1")]
    [InlineData("Foo(\"hello\")", "at position 1: unknown function Foo")]
    [InlineData("Label(`a`, `b`) &&", "at position 19: expected Label(...), LabelRegex(...), '!' or '(', found end of expression")]
    [InlineData("Label(`a`, `b`) Label(`c`, `d`)", "at position 17: expected '&&', '||' or the end of the expression, found 'Label'")]
    [InlineData("(Label(`a`, `b`)", "at position 17: expected ')' to close the '(' at position 1")]
    [InlineData("Label(`a`, `b`) & Label(`c`, `d`)", "at position 17: expected '&&', found a single '&'")]
    [InlineData("Label(`a`, `b)", "at position 12: unterminated string")]
    [InlineData("LabelRegex(`a`, `w(\\w+`)", "at position 17: LabelRegex has an invalid regular expression `w(\\w+`")]
    [InlineData("LabelRegex(`a`, `(a)\\1`)", "at position 17: LabelRegex `(a)\\1` uses a backreference")]
    public void Parse_BadExpression_ErrorWithPosition(string expression, string expected)
    {
        Assert.False(ConstraintParser.TryParse(expression, out _, out var error));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedDeeperThanTheLimit_ErrorNamesTheLimit()
    {
        var text = new string('!', ConstraintParser.MaxDepth + 1) + "Label(`a`, `b`)";

        Assert.False(ConstraintParser.TryParse(text, out _, out var error));
        Assert.Contains($"deeper than {ConstraintParser.MaxDepth} levels", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongerThanTheLimit_ErrorNamesTheLimit()
    {
        var text = string.Join(" || ", Enumerable.Repeat("Label(`a`, `b`)", 300));

        Assert.False(ConstraintParser.TryParse(text, out _, out var error));
        Assert.Contains($"the limit is {ConstraintParser.MaxLength}", error, StringComparison.Ordinal);
    }
}
