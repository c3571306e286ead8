namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// One lexeme. <see cref="Value"/> is the unquoted string for strings, the name for identifiers
/// and the message for errors; <see cref="Raw"/> is the text as written, for error messages.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Value, string Raw)
{
    /// <summary>How "found ..." reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of rule",
        TokenKind.String => $"string {Raw}",
        _ => $"'{Raw}'",
    };
}
