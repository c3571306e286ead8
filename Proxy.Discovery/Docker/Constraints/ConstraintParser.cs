using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Discovery.Docker.Constraints;

/// <summary>
/// Parses Traefik's constraint language: <c>Label</c> and <c>LabelRegex</c> calls joined by <c>!</c>, <c>&amp;&amp;</c>
/// (binding tighter) and <c>||</c>, with parentheses; strings in backticks (raw) or double quotes. It reads the
/// router rules' tokens, so quoting behaves the same in both. Errors give the 1-based position in the expression.
/// </summary>
public sealed class ConstraintParser
{
    /// <summary>Longer than any constraint an operator writes; bounds the work a start-up does on it.</summary>
    public const int MaxLength = 4096;

    /// <summary>How deep '(' and '!' may nest, so that parsing cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    // NonBacktracking as the router rules' regexes: Go's regexp in Traefik runs in linear time too.
    private const RegexOptions RegexRules = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly IReadOnlyList<Token> _tokens;
    private int _next;
    private int _depth;
    private string? _error;

    private ConstraintParser(IReadOnlyList<Token> tokens) => _tokens = tokens;

    public static bool TryParse(string text, [NotNullWhen(true)] out ConstraintExpression? expression, [NotNullWhen(false)] out string? error)
    {
        expression = null;
        if (text.Length > MaxLength)
        {
            error = $"the expression is {text.Length} characters long; the limit is {MaxLength}";
            return false;
        }

        var parser = new ConstraintParser(RuleLexer.Tokenize(text));
        var parsed = parser.Or();
        if (parsed is not null && parser.Peek().Kind != TokenKind.End)
        {
            parsed = parser.Unexpected("'&&', '||' or the end of the expression");
        }

        if (parsed is null)
        {
            error = parser._error!;
            return false;
        }

        expression = parsed;
        error = null;
        return true;
    }

    private Token Peek() => _tokens[Math.Min(_next, _tokens.Count - 1)];

    private Token Take() => _tokens[Math.Min(_next++, _tokens.Count - 1)];

    private ConstraintExpression? Or()
    {
        var left = And();
        while (left is not null && Peek().Kind == TokenKind.Or)
        {
            Take();
            var right = And();
            left = right is null ? null : new OrConstraint(left, right);
        }

        return left;
    }

    private ConstraintExpression? And()
    {
        var left = Unary();
        while (left is not null && Peek().Kind == TokenKind.And)
        {
            Take();
            var right = Unary();
            left = right is null ? null : new AndConstraint(left, right);
        }

        return left;
    }

    private ConstraintExpression? Unary()
    {
        if (++_depth > MaxDepth)
        {
            return Fail(Peek().Position, $"the expression nests '(' and '!' deeper than {MaxDepth} levels");
        }

        try
        {
            var token = Peek();
            switch (token.Kind)
            {
                case TokenKind.Not:
                    Take();
                    return Unary() is { } operand ? new NotConstraint(operand) : null;
                case TokenKind.OpenParen:
                    Take();
                    var inner = Or();
                    if (inner is null)
                    {
                        return null;
                    }

                    if (Peek().Kind != TokenKind.CloseParen)
                    {
                        return Unexpected($"')' to close the '(' at position {token.Position}");
                    }

                    Take();
                    return inner;
                case TokenKind.Identifier:
                    return Call();
                default:
                    return Unexpected("Label(...), LabelRegex(...), '!' or '('");
            }
        }
        finally
        {
            _depth--;
        }
    }

    private ConstraintExpression? Call()
    {
        var name = Take();
        if (name.Value is not ("Label" or "LabelRegex"))
        {
            return Fail(name.Position, $"unknown function {name.Value}; a constraint uses Label(`key`, `value`) and LabelRegex(`key`, `regex`)");
        }

        if (Peek().Kind != TokenKind.OpenParen)
        {
            return Unexpected($"'(' after {name.Value}");
        }

        Take();
        var arguments = new List<Token>();
        while (true)
        {
            if (Peek().Kind != TokenKind.String)
            {
                return Unexpected(arguments.Count == 0 ? "a string in backticks or double quotes" : "another string");
            }

            arguments.Add(Take());
            if (Peek().Kind == TokenKind.Comma)
            {
                Take();
                continue;
            }

            if (Peek().Kind != TokenKind.CloseParen)
            {
                return Unexpected("',' or ')'");
            }

            Take();
            break;
        }

        if (arguments.Count != 2)
        {
            return Fail(name.Position, $"{name.Value} takes 2 arguments (the label key and the {(name.Value == "Label" ? "value" : "regex")}), found {arguments.Count}");
        }

        return name.Value == "Label"
            ? new LabelConstraint(arguments[0].Value, arguments[1].Value)
            : Regex(arguments[0].Value, arguments[1]);
    }

    private LabelRegexConstraint? Regex(string key, Token pattern)
    {
        try
        {
            return new LabelRegexConstraint(key, new Regex(pattern.Value, RegexRules));
        }
        catch (RegexParseException e)
        {
            Fail(pattern.Position, $"LabelRegex has an invalid regular expression {pattern.Raw}: {e.Error} at offset {e.Offset}");
            return null;
        }
        catch (NotSupportedException)
        {
            var construct = LinearRegexConstruct.FindUnsupported(pattern.Value);
            var what = construct is { } found ? $"{found.Name} at offset {found.Offset}" : "a construct it cannot run";
            Fail(pattern.Position, $"LabelRegex {pattern.Raw} uses {what}; regexes are matched in linear time, as Go's regexp in Traefik, "
                + "which has no backreferences, lookarounds, atomic groups or conditionals");
            return null;
        }
    }

    private ConstraintExpression? Unexpected(string expected)
    {
        var found = Peek();
        return found.Kind == TokenKind.Error
            ? Fail(found.Position, found.Value)
            : Fail(found.Position, $"expected {expected}, found {found.Describe().Replace("end of rule", "end of expression", StringComparison.Ordinal)}");
    }

    private ConstraintExpression? Fail(int position, string message)
    {
        _error ??= $"at position {position}: {message}";
        return null;
    }
}
