using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Recursive descent over the tokens, building matchers directly (the rule language has no
/// use for a separate syntax tree). Grammar, loosest binding first:
/// <code>
/// rule    = or END
/// or      = and { "||" and }
/// and     = unary { "&amp;&amp;" unary }
/// unary   = "!" unary | primary
/// primary = "(" or ")" | NAME "(" [ STRING { "," STRING } ] ")"
/// </code>
/// Stops at the first error: after one, the parser cannot tell what the author meant.
/// </summary>
internal sealed class RuleParser
{
    // Rules come from container labels; a pathological one must not exhaust the stack.
    internal const int MaxDepth = 64;

    private readonly IReadOnlyList<Token> _tokens;
    private int _next;
    private int _depth;
    private RuleError? _error;

    private RuleParser(IReadOnlyList<Token> tokens) => _tokens = tokens;

    public static BuildResult Parse(string text)
    {
        var tokens = RuleLexer.Tokenize(text);
        if (tokens[0].Kind == TokenKind.End)
        {
            return new RuleError(1, "rule is empty");
        }

        var parser = new RuleParser(tokens);
        var rule = parser.ParseOr();
        if (rule is not null && parser.Peek().Kind != TokenKind.End)
        {
            parser.Unexpected("'&&', '||' or end of rule");
            rule = null;
        }

        return rule is null ? parser._error! : rule;
    }

    private Token Peek() => _tokens[_next];

    private Token Advance() => _tokens[_next++];

    private RuleMatcher? ParseOr()
    {
        var first = ParseAnd();
        if (first is null)
        {
            return null;
        }

        var operands = ImmutableArray.CreateBuilder<RuleMatcher>();
        operands.Add(first);
        while (Peek().Kind == TokenKind.Or)
        {
            Advance();
            var next = ParseAnd();
            if (next is null)
            {
                return null;
            }

            operands.Add(next);
        }

        return operands.Count == 1 ? first : new OrMatcher(operands.ToImmutable());
    }

    private RuleMatcher? ParseAnd()
    {
        var first = ParseUnary();
        if (first is null)
        {
            return null;
        }

        var operands = ImmutableArray.CreateBuilder<RuleMatcher>();
        operands.Add(first);
        while (Peek().Kind == TokenKind.And)
        {
            Advance();
            var next = ParseUnary();
            if (next is null)
            {
                return null;
            }

            operands.Add(next);
        }

        return operands.Count == 1 ? first : new AndMatcher(operands.ToImmutable());
    }

    private RuleMatcher? ParseUnary()
    {
        if (++_depth > MaxDepth)
        {
            return Fail(Peek().Position, $"rule nests '(' and '!' deeper than {MaxDepth} levels");
        }

        try
        {
            if (Peek().Kind != TokenKind.Not)
            {
                return ParsePrimary();
            }

            Advance();
            var operand = ParseUnary();
            return operand is null ? null : new NotMatcher(operand);
        }
        finally
        {
            _depth--;
        }
    }

    private RuleMatcher? ParsePrimary()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.OpenParen:
                Advance();
                var inner = ParseOr();
                if (inner is null)
                {
                    return null;
                }

                if (Peek().Kind != TokenKind.CloseParen)
                {
                    return Unexpected($"')' to close the '(' at position {token.Position}");
                }

                Advance();
                return inner;
            case TokenKind.Identifier:
                return ParseMatcher();
            default:
                return Unexpected("a matcher, '!' or '('");
        }
    }

    private RuleMatcher? ParseMatcher()
    {
        var name = Advance();
        var spec = MatcherCatalog.Find(name.Value);
        if (spec is null)
        {
            var hint = MatcherCatalog.FindIgnoringCase(name.Value) is { } known
                ? $" (names are case-sensitive: did you mean '{known}'?)"
                : "";
            return Fail(name.Position, $"unknown matcher '{name.Value}'{hint}; expected one of {MatcherCatalog.KnownNames}");
        }

        if (Peek().Kind != TokenKind.OpenParen)
        {
            return Unexpected($"'(' after {spec.Name}");
        }

        Advance();
        var arguments = new List<RuleArgument>();
        if (Peek().Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                if (Peek().Kind != TokenKind.String)
                {
                    return Unexpected($"an argument of {spec.Name} in backticks or double quotes");
                }

                var argument = Advance();
                arguments.Add(new RuleArgument(argument.Value, argument.Position));
                if (Peek().Kind == TokenKind.CloseParen)
                {
                    break;
                }

                if (Peek().Kind != TokenKind.Comma)
                {
                    return Unexpected(arguments.Count < spec.MaxArguments
                        ? $"',' or ')' after an argument of {spec.Name}"
                        : $"')' after the arguments of {spec.Name}");
                }

                Advance();
            }
        }

        var close = Advance();
        if (arguments.Count < spec.MinArguments)
        {
            return Fail(close.Position, $"{spec.Name} takes {spec.ArityText}, found {arguments.Count}");
        }

        if (arguments.Count > spec.MaxArguments)
        {
            return Fail(arguments[spec.MaxArguments].Position, $"{spec.Name} takes {spec.ArityText}, found {arguments.Count}");
        }

        var built = spec.Build(arguments);
        return built.Matcher ?? Fail(built.Error!);
    }

    // A lexical error token already says what is wrong there; anything else did not fit here.
    private RuleMatcher? Unexpected(string expected)
    {
        var token = Peek();
        return token.Kind == TokenKind.Error
            ? Fail(token.Position, token.Value)
            : Fail(token.Position, $"expected {expected}, found {token.Describe()}");
    }

    private RuleMatcher? Fail(int position, string message) => Fail(new RuleError(position, message));

    private RuleMatcher? Fail(RuleError error)
    {
        _error = error;
        return null;
    }
}
