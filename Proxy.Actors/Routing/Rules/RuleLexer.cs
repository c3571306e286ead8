using System.Text;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Splits a rule into tokens. A lexical error becomes an <see cref="TokenKind.Error"/> token at
/// the end of the list instead of stopping here, so that the parser reports whichever problem
/// comes first in the text: a syntax error before the bad character wins.
/// </summary>
internal static class RuleLexer
{
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length + 1, "", ""));
                return tokens;
            }

            var token = Next(text, i);
            tokens.Add(token);
            if (token.Kind == TokenKind.Error)
            {
                return tokens;
            }

            i += token.Raw.Length;
        }
    }

    private static Token Next(string text, int start)
    {
        var position = start + 1;
        var c = text[start];
        return c switch
        {
            '(' => Punctuation(TokenKind.OpenParen, position, "("),
            ')' => Punctuation(TokenKind.CloseParen, position, ")"),
            ',' => Punctuation(TokenKind.Comma, position, ","),
            '!' => Punctuation(TokenKind.Not, position, "!"),
            '&' => Doubled(text, start, TokenKind.And),
            '|' => Doubled(text, start, TokenKind.Or),
            '`' => Backticked(text, start),
            '"' => DoubleQuoted(text, start),
            '\'' => Error(position, "single quotes are not allowed; quote arguments with backticks or double quotes"),
            _ when char.IsAsciiLetter(c) => Identifier(text, start),
            _ => Error(position, $"unexpected character '{c}'"),
        };
    }

    private static Token Punctuation(TokenKind kind, int position, string raw) => new(kind, position, raw, raw);

    private static Token Doubled(string text, int start, TokenKind kind)
    {
        var c = text[start];
        var pair = new string(c, 2);
        return start + 1 < text.Length && text[start + 1] == c
            ? Punctuation(kind, start + 1, pair)
            : Error(start + 1, $"expected '{pair}', found a single '{c}'");
    }

    private static Token Identifier(string text, int start)
    {
        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        var name = text[start..end];
        return new Token(TokenKind.Identifier, start + 1, name, name);
    }

    // Backticks are Go raw strings: no escapes, so a regex needs no doubling of backslashes.
    private static Token Backticked(string text, int start)
    {
        var close = text.IndexOf('`', start + 1);
        if (close < 0)
        {
            return Unterminated(start, '`');
        }

        return new Token(TokenKind.String, start + 1, text[(start + 1)..close], text[start..(close + 1)]);
    }

    private static Token DoubleQuoted(string text, int start)
    {
        var value = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                return new Token(TokenKind.String, start + 1, value.ToString(), text[start..(i + 1)]);
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return Unterminated(start, '"');
                }

                var escaped = text[i + 1];
                if (escaped is not ('"' or '\\'))
                {
                    return Error(i + 1, $"unknown escape '\\{escaped}' in a double-quoted string; only \\\" and \\\\ are allowed");
                }

                value.Append(escaped);
                i += 2;
                continue;
            }

            value.Append(c);
            i++;
        }

        return Unterminated(start, '"');
    }

    private static Token Unterminated(int start, char quote) =>
        Error(start + 1, $"unterminated string: the {quote} opened here is never closed");

    private static Token Error(int position, string message) => new(TokenKind.Error, position, message, "");
}
