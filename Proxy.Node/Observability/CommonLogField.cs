using System.Buffers;

namespace Proxy.Node.Observability;

/// <summary>
/// A value in a CLF line, escaped so that nothing a client sends (a quote in a User-Agent, a
/// control character) can end its field or the line early: <c>"</c> and <c>\</c> get a backslash,
/// control characters and line separators the escapes of <see cref="LogText"/> (tab, CR and LF
/// their C escapes, other control characters <c>\xHH</c>, as Apache's access log does). Traefik itself only wraps the value in quotes; lines without those characters read the
/// same as its. A missing or empty value is <c>-</c>. Formats straight into the line's buffer, so
/// a field costs no string of its own.
/// </summary>
internal readonly struct CommonLogField(string? value, bool quoted, bool word = false) : ISpanFormattable
{
    private static readonly string Unsafe = "\"\\" + string.Concat(Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(LogText.Unsafe.Contains));

    private static readonly SearchValues<char> NeedEscape = SearchValues.Create(Unsafe);

    private static readonly SearchValues<char> NeedEscapeInWord = SearchValues.Create(Unsafe + " ");

    /// <summary>A field between quotes: referer, user agent, router, server.</summary>
    public static CommonLogField Quoted(string? value) => new(value, quoted: true);

    /// <summary>A field inside the quoted request line: the path.</summary>
    public static CommonLogField Bare(string? value) => new(value, quoted: false);

    /// <summary>
    /// A field outside any quotes, which a space would end: the user (an auth server's header, which may be
    /// "Jane Doe" or what a client wrote). Its spaces are escaped too (<c>\x20</c>).
    /// </summary>
    public static CommonLogField Word(string? value) => new(value, quoted: false, word: true);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = string.IsNullOrEmpty(value) ? "-" : value;
        var written = 0;
        if (quoted && !TryAppend(destination, ref written, "\""))
        {
            charsWritten = 0;
            return false;
        }

        var rest = text.AsSpan();
        int special;
        while ((special = rest.IndexOfAny(word ? NeedEscapeInWord : NeedEscape)) >= 0)
        {
            if (!TryAppend(destination, ref written, rest[..special]) || !TryAppendEscaped(destination, ref written, rest[special]))
            {
                charsWritten = 0;
                return false;
            }

            rest = rest[(special + 1)..];
        }

        if (!TryAppend(destination, ref written, rest) || (quoted && !TryAppend(destination, ref written, "\"")))
        {
            charsWritten = 0;
            return false;
        }

        charsWritten = written;
        return true;
    }

    public string ToString(string? format, IFormatProvider? provider)
    {
        // Each character takes at most six (\u2028), plus the quotes.
        var buffer = new char[(string.IsNullOrEmpty(value) ? 1 : value.Length * 6) + 2];
        TryFormat(buffer, out var written, default, provider);
        return new string(buffer, 0, written);
    }

    public override string ToString() => ToString(null, null);

    private static bool TryAppendEscaped(Span<char> destination, ref int written, char c) => c switch
    {
        '"' => TryAppend(destination, ref written, "\\\""),
        '\\' => TryAppend(destination, ref written, "\\\\"),
        ' ' => TryAppend(destination, ref written, "\\x20"),
        _ => TryAppend(destination, ref written, LogText.EscapeOf(c)),
    };

    private static bool TryAppend(Span<char> destination, ref int written, ReadOnlySpan<char> text)
    {
        if (!text.TryCopyTo(destination[written..]))
        {
            return false;
        }

        written += text.Length;
        return true;
    }
}
