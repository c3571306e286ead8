using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Typed reads of label values. Each returns false with the problem to report, so that the parser
/// can name the label. Surrounding spaces are ignored for typed values: compose files often quote
/// <c>"8080 "</c> by accident, and no number or boolean means anything else by them.
/// </summary>
internal static class LabelValues
{
    public static bool TryInt(string text, out int value, [NotNullWhen(false)] out string? problem) =>
        Check(int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value), $"expected an integer, got '{text}'", out problem);

    public static bool TryLong(string text, out long value, [NotNullWhen(false)] out string? problem) =>
        Check(long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value), $"expected an integer, got '{text}'", out problem);

    public static bool TryPort(string text, out int value, [NotNullWhen(false)] out string? problem) =>
        Check(
            int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 65535,
            $"expected a port number (1-65535), got '{text}'",
            out problem);

    /// <summary>The spellings Go's <c>strconv.ParseBool</c> accepts, since Traefik labels are read with it.</summary>
    public static bool TryBool(string text, out bool value, [NotNullWhen(false)] out string? problem)
    {
        (var ok, value) = text.Trim() switch
        {
            "true" or "True" or "TRUE" or "t" or "T" or "1" => (true, true),
            "false" or "False" or "FALSE" or "f" or "F" or "0" => (true, false),
            _ => (false, false),
        };
        return Check(ok, $"expected true or false, got '{text}'", out problem);
    }

    /// <summary>Traefik's label lists: comma-separated, items trimmed, empty items dropped (<c>web, websecure,</c>).</summary>
    public static ImmutableArray<string> List(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static bool Check(bool ok, string problemIfNot, out string? problem)
    {
        problem = ok ? null : problemIfNot;
        return ok;
    }
}
