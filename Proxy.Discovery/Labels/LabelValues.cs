using System.Collections.Immutable;
using System.Globalization;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Typed reads of label values. Each returns false with the problem to report, so that the parser
/// can name the label. Surrounding spaces are ignored for typed values: compose files often quote
/// <c>"8080 "</c> by accident, and no number or boolean means anything else by them.
/// </summary>
internal static class LabelValues
{
    public static bool TryInt(string text, out int value, out string problem)
    {
        problem = $"expected an integer, got '{text}'";
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryLong(string text, out long value, out string problem)
    {
        problem = $"expected an integer, got '{text}'";
        return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryPort(string text, out int value, out string problem)
    {
        problem = $"expected a port number (1-65535), got '{text}'";
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 65535;
    }

    /// <summary>The spellings Go's <c>strconv.ParseBool</c> accepts, since Traefik labels are read with it.</summary>
    public static bool TryBool(string text, out bool value, out string problem)
    {
        problem = $"expected true or false, got '{text}'";
        (var ok, value) = text.Trim() switch
        {
            "true" or "True" or "TRUE" or "t" or "T" or "1" => (true, true),
            "false" or "False" or "FALSE" or "f" or "F" or "0" => (true, false),
            _ => (false, false),
        };
        return ok;
    }

    /// <summary>Traefik's label lists: comma-separated, items trimmed, empty items dropped (<c>web, websecure,</c>).</summary>
    public static ImmutableArray<string> List(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
