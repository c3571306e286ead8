using System.Buffers;
using System.Globalization;
using System.Text;

namespace Proxy.Node.Observability;

/// <summary>
/// Makes text safe to write as part of one log line. Label keys, rule text, container names, YAML
/// values and request fields reach log messages, and a newline among them would let whoever wrote
/// them forge a line of their own; a carriage return or an escape sequence would rewrite what a
/// terminal shows. Every log sink of the node passes its rendered entry through here, so no call
/// site can forget: tab, CR and LF become <c>\t</c>, <c>\r</c>, <c>\n</c>; other C0 and C1 control
/// characters and DEL <c>\xHH</c>; the Unicode line and paragraph separators <c>\u2028</c> and
/// <c>\u2029</c>. Backslashes are left alone: the log stays readable for rules and paths that
/// hold them, and an entry is still one line.
/// </summary>
public static class LogText
{
    /// <summary>Every character <see cref="Escape(string)"/> replaces.</summary>
    public static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl)) + "\u2028\u2029");

    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        var rest = text.AsSpan();
        int special;
        while ((special = rest.IndexOfAny(Unsafe)) >= 0)
        {
            escaped.Append(rest[..special]).Append(EscapeOf(rest[special]));
            rest = rest[(special + 1)..];
        }

        return escaped.Append(rest).ToString();
    }

    /// <summary>The escape of one character of <see cref="Unsafe"/>.</summary>
    public static string EscapeOf(char c) => c switch
    {
        '\t' => "\\t",
        '\r' => "\\r",
        '\n' => "\\n",
        > '\u00FF' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
    };
}
