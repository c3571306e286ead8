namespace Proxy.Actors.Routing.Rules;

internal enum TokenKind
{
    Identifier,
    String,
    OpenParen,
    CloseParen,
    Comma,
    And,
    Or,
    Not,
    End,

    /// <summary>A lexical error; the token's value is the message. Always the last token.</summary>
    Error,
}
