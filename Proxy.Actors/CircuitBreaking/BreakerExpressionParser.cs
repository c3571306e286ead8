using System.Globalization;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.CircuitBreaking;

/// <summary>
/// Reads Traefik's circuit-breaker expressions: <c>NetworkErrorRatio()</c>,
/// <c>ResponseCodeRatio(from, to, divFrom, divTo)</c> and <c>LatencyAtQuantileMS(q)</c> compared with
/// numbers by <c>&lt; &lt;= &gt; &gt;= == !=</c>, joined by <c>&amp;&amp;</c> (tighter) and <c>||</c>, grouped
/// by parentheses. A pure function: the first problem is returned with its column, never thrown.
/// </summary>
/// <remarks>
/// Grammar, by precedence: <c>or := and ('||' and)*</c>, <c>and := compare ('&amp;&amp;' compare)*</c>,
/// <c>compare := term (op term)?</c>, <c>term := number | call | '(' or ')'</c>. Function arguments are
/// number literals, as Traefik's parser requires. Unlike Traefik, either side of a comparison may be a
/// function or a number (Traefik wants the function on the left).
/// </remarks>
public static class BreakerExpressionParser
{
    /// <summary>Longer expressions are refused: a real one is a line, and the limit bounds the work a label can cause.</summary>
    public const int MaxLength = 1024;

    /// <summary>Deeper nesting of parentheses is refused, so that parsing cannot exhaust the stack.</summary>
    public const int MaxDepth = 32;

    private static readonly string KnownFunctions =
        "NetworkErrorRatio(), ResponseCodeRatio(from, to, divFrom, divTo), LatencyAtQuantileMS(quantile)";

    /// <summary>The field check the <c>expression</c> option declares: the parser's error, with its column.</summary>
    public static ValueCheck<string> Check { get; } = value =>
        TryParse(value, out _, out var error) ? [] : [FieldProblem.Of($"'{Shown(value)}' is not a circuit-breaker expression: {error}")];

    // An error quotes the expression for the operator to find it, not whole when it is past the limit.
    private static string Shown(string value) => value.Length <= 120 ? value : value[..120] + "...";

    public static bool TryParse(string text, out BreakerExpression expression, out BreakerExpressionError error)
    {
        var result = new Reader(text).ReadWhole();
        expression = result.Expression!;
        error = result.Error!;
        return result.Error is null;
    }

    /// <summary>Parses an expression already checked by <see cref="Check"/>; throws if it was not.</summary>
    public static BreakerExpression ParseChecked(string text) =>
        TryParse(text, out var expression, out var error)
            ? expression
            : throw new ArgumentException($"circuit-breaker expression '{text}' was not validated: {error}", nameof(text));

    private readonly record struct Parsed(BreakerExpression? Expression, BreakerExpressionError? Error)
    {
        public static Parsed Fail(int index, string problem) => new(null, new BreakerExpressionError(index + 1, problem));
    }

    private enum TokenKind
    {
        End,
        Number,
        Name,
        Open,
        Close,
        Comma,
        And,
        Or,
        Compare,
    }

    private readonly record struct Token(TokenKind Kind, int Start, string Text, ComparisonOperator Operator = default);

    /// <summary>One parse: the text, the current token and the nesting depth.</summary>
    private sealed class Reader(string text)
    {
        private int _next;
        private Token _token;
        private int _depth;

        public Parsed ReadWhole()
        {
            if (text.Length > MaxLength)
            {
                return Parsed.Fail(MaxLength, $"longer than {MaxLength} characters ({text.Length})");
            }

            if (Advance() is { } lexError)
            {
                return lexError;
            }

            if (_token.Kind == TokenKind.End)
            {
                return Parsed.Fail(0, "empty; expected a condition such as NetworkErrorRatio() > 0.5");
            }

            var parsed = ReadOr();
            if (parsed.Error is not null)
            {
                return parsed;
            }

            if (_token.Kind != TokenKind.End)
            {
                return _token.Kind == TokenKind.Close
                    ? Parsed.Fail(_token.Start, "')' without a matching '('")
                    : Parsed.Fail(_token.Start, $"unexpected '{_token.Text}'; expected && or || or the end");
            }

            return parsed.Expression!.IsCondition
                ? parsed
                : Parsed.Fail(0, $"'{parsed.Expression}' is a number, not a condition; compare it, e.g. {parsed.Expression} > 0.5");
        }

        private Parsed ReadOr()
        {
            var start = _token.Start;
            var left = ReadAnd();
            while (left.Error is null && _token.Kind == TokenKind.Or)
            {
                if (Advance() is { } lexError)
                {
                    return lexError;
                }

                var rightStart = _token.Start;
                var right = ReadAnd();
                if (right.Error is not null)
                {
                    return right;
                }

                if ((NotCondition(left.Expression!, start, "||") ?? NotCondition(right.Expression!, rightStart, "||")) is { } wrong)
                {
                    return wrong;
                }

                left = new Parsed(new OrCondition(left.Expression!, right.Expression!), null);
            }

            return left;
        }

        private Parsed ReadAnd()
        {
            var start = _token.Start;
            var left = ReadComparison();
            while (left.Error is null && _token.Kind == TokenKind.And)
            {
                if (Advance() is { } lexError)
                {
                    return lexError;
                }

                var rightStart = _token.Start;
                var right = ReadComparison();
                if (right.Error is not null)
                {
                    return right;
                }

                if ((NotCondition(left.Expression!, start, "&&") ?? NotCondition(right.Expression!, rightStart, "&&")) is { } wrong)
                {
                    return wrong;
                }

                left = new Parsed(new AndCondition(left.Expression!, right.Expression!), null);
            }

            return left;
        }

        private Parsed ReadComparison()
        {
            var start = _token.Start;
            var left = ReadTerm();
            if (left.Error is not null || _token.Kind != TokenKind.Compare)
            {
                return left;
            }

            var op = _token;
            if (left.Expression!.IsCondition)
            {
                return Parsed.Fail(op.Start, $"'{op.Text}' compares numbers, but its left side is a condition");
            }

            if (Advance() is { } lexError)
            {
                return lexError;
            }

            var rightStart = _token.Start;
            var right = ReadTerm();
            if (right.Error is not null)
            {
                return right;
            }

            if (right.Expression!.IsCondition)
            {
                return Parsed.Fail(rightStart, $"'{op.Text}' compares numbers, but its right side is a condition");
            }

            if (_token.Kind == TokenKind.Compare)
            {
                return Parsed.Fail(_token.Start, $"comparisons do not chain; join them with && (after '{text[start..op.Start].Trim()} {op.Text} ...')");
            }

            return new Parsed(new Comparison(left.Expression, op.Operator, right.Expression), null);
        }

        private Parsed ReadTerm()
        {
            var token = _token;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    return Advance() ?? new Parsed(new NumberLiteral(ParseNumber(token.Text)), null);
                case TokenKind.Name:
                    return ReadCall(token);
                case TokenKind.Open:
                    if (++_depth > MaxDepth)
                    {
                        return Parsed.Fail(token.Start, $"parentheses nested deeper than {MaxDepth}");
                    }

                    if (Advance() is { } lexError)
                    {
                        return lexError;
                    }

                    var inner = ReadOr();
                    if (inner.Error is not null)
                    {
                        return inner;
                    }

                    if (_token.Kind != TokenKind.Close)
                    {
                        return _token.Kind == TokenKind.End
                            ? Parsed.Fail(token.Start, "'(' is never closed")
                            : Parsed.Fail(_token.Start, $"unexpected '{_token.Text}'; expected ')' to close the '(' at column {token.Start + 1}");
                    }

                    _depth--;
                    return Advance() ?? inner;
                case TokenKind.End:
                    return Parsed.Fail(token.Start, "the expression ends where a number or a function was expected");
                case TokenKind.Close:
                    return Parsed.Fail(token.Start, "')' where a number or a function was expected");
                default:
                    return Parsed.Fail(token.Start, $"unexpected '{token.Text}' where a number or a function was expected");
            }
        }

        private Parsed ReadCall(Token name)
        {
            if (Advance() is { } lexError)
            {
                return lexError;
            }

            if (_token.Kind != TokenKind.Open)
            {
                return Parsed.Fail(name.Start, $"'{name.Text}' is not a function call; write {name.Text}(...)");
            }

            var open = _token;
            var arity = name.Text switch
            {
                "NetworkErrorRatio" => 0,
                "ResponseCodeRatio" => 4,
                "LatencyAtQuantileMS" => 1,
                _ => -1,
            };
            if (arity < 0)
            {
                return Parsed.Fail(name.Start, UnknownFunction(name.Text));
            }

            var arguments = new List<(double Value, Token Token)>();
            if (Advance() is { } afterOpen)
            {
                return afterOpen;
            }

            while (_token.Kind != TokenKind.Close)
            {
                if (arguments.Count > 0)
                {
                    if (_token.Kind != TokenKind.Comma)
                    {
                        return _token.Kind == TokenKind.End
                            ? Parsed.Fail(open.Start, $"'(' of {name.Text} is never closed")
                            : Parsed.Fail(_token.Start, $"unexpected '{_token.Text}' in the arguments of {name.Text}; expected ',' or ')'");
                    }

                    if (Advance() is { } afterComma)
                    {
                        return afterComma;
                    }
                }

                if (_token.Kind != TokenKind.Number)
                {
                    return _token.Kind == TokenKind.End
                        ? Parsed.Fail(open.Start, $"'(' of {name.Text} is never closed")
                        : Parsed.Fail(_token.Start, $"the arguments of {name.Text} are numbers, found '{_token.Text}'");
                }

                arguments.Add((ParseNumber(_token.Text), _token));
                if (Advance() is { } afterNumber)
                {
                    return afterNumber;
                }
            }

            if (arguments.Count != arity)
            {
                return Parsed.Fail(name.Start, $"{name.Text} takes {arity} argument{(arity == 1 ? "" : "s")}, got {arguments.Count}");
            }

            if (Advance() is { } afterClose)
            {
                return afterClose;
            }

            return name.Text switch
            {
                "NetworkErrorRatio" => new Parsed(new NetworkErrorRatioCall(), null),
                "LatencyAtQuantileMS" => Quantile(arguments[0]),
                _ => ResponseCodes(arguments),
            };
        }

        private static Parsed Quantile((double Value, Token Token) argument) =>
            argument.Value is > 0 and <= 100
                ? new Parsed(new LatencyAtQuantileCall(argument.Value), null)
                : Parsed.Fail(argument.Token.Start, $"LatencyAtQuantileMS takes a percentage above 0 and at most 100, got {argument.Token.Text}");

        private static Parsed ResponseCodes(List<(double Value, Token Token)> arguments)
        {
            foreach (var (value, token) in arguments)
            {
                if (value != Math.Floor(value) || value > 999)
                {
                    return Parsed.Fail(token.Start, $"ResponseCodeRatio takes status codes (whole numbers up to 999), got {token.Text}");
                }
            }

            var codes = arguments.Select(a => (int)a.Value).ToArray();
            if (codes[0] >= codes[1] || codes[2] >= codes[3])
            {
                var at = codes[0] >= codes[1] ? arguments[0].Token : arguments[2].Token;
                return Parsed.Fail(at.Start, "ResponseCodeRatio's ranges are [from, to) and [divFrom, divTo): each start must be below its end");
            }

            return new Parsed(new ResponseCodeRatioCall(codes[0], codes[1], codes[2], codes[3]), null);
        }

        private static string UnknownFunction(string name)
        {
            var sameButCase = new[] { "NetworkErrorRatio", "ResponseCodeRatio", "LatencyAtQuantileMS" }
                .FirstOrDefault(known => known.Equals(name, StringComparison.OrdinalIgnoreCase));
            return sameButCase is not null
                ? $"unknown function '{name}'; did you mean {sameButCase}? (names are case-sensitive)"
                : $"unknown function '{name}'; known functions are {KnownFunctions}";
        }

        private static Parsed? NotCondition(BreakerExpression expression, int start, string join) =>
            expression.IsCondition
                ? null
                : Parsed.Fail(start, $"'{join}' joins conditions, but '{expression}' is a number; compare it, e.g. {expression} > 0.5");

        private static double ParseNumber(string text) => double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        /// <summary>Moves to the next token; returns the error when the text there is not one.</summary>
        private Parsed? Advance()
        {
            while (_next < text.Length && char.IsWhiteSpace(text[_next]))
            {
                _next++;
            }

            var start = _next;
            if (start >= text.Length)
            {
                _token = new Token(TokenKind.End, start, "");
                return null;
            }

            var c = text[start];
            if (char.IsAsciiDigit(c) || (c == '.' && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1])))
            {
                var end = start;
                var dots = 0;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
                {
                    dots += text[end] == '.' ? 1 : 0;
                    end++;
                }

                if (dots > 1)
                {
                    return Parsed.Fail(start, $"'{text[start..end]}' is not a number");
                }

                return Take(TokenKind.Number, start, end);
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var end = start;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                return Take(TokenKind.Name, start, end);
            }

            var pair = start + 1 < text.Length ? text.Substring(start, 2) : "";
            switch (pair)
            {
                case "&&":
                    return Take(TokenKind.And, start, start + 2);
                case "||":
                    return Take(TokenKind.Or, start, start + 2);
                case "<=":
                    return Take(TokenKind.Compare, start, start + 2, ComparisonOperator.LessOrEqual);
                case ">=":
                    return Take(TokenKind.Compare, start, start + 2, ComparisonOperator.GreaterOrEqual);
                case "==":
                    return Take(TokenKind.Compare, start, start + 2, ComparisonOperator.Equal);
                case "!=":
                    return Take(TokenKind.Compare, start, start + 2, ComparisonOperator.NotEqual);
            }

            return c switch
            {
                '<' => Take(TokenKind.Compare, start, start + 1, ComparisonOperator.Less),
                '>' => Take(TokenKind.Compare, start, start + 1, ComparisonOperator.Greater),
                '(' => Take(TokenKind.Open, start, start + 1),
                ')' => Take(TokenKind.Close, start, start + 1),
                ',' => Take(TokenKind.Comma, start, start + 1),
                '&' or '|' => Parsed.Fail(start, $"'{c}' alone is not an operator; write {c}{c}"),
                '=' => Parsed.Fail(start, "'=' alone is not an operator; write == to compare"),
                _ => Parsed.Fail(start, $"unexpected character '{c}'"),
            };
        }

        private Parsed? Take(TokenKind kind, int start, int end, ComparisonOperator op = default)
        {
            _token = new Token(kind, start, text[start..end], op);
            _next = end;
            return null;
        }
    }
}
