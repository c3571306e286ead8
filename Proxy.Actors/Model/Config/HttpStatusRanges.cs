using System.Collections.Immutable;
using System.Globalization;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Status codes as Traefik's errors middleware writes them: "404", "500-599", each entry one code or an
/// inclusive range, a list of entries matching any of them.
/// </summary>
public sealed record HttpStatusRanges(ImmutableArray<(int Low, int High)> Ranges)
{
    public const int Lowest = 100;
    public const int Highest = 599;

    public bool Contains(int status)
    {
        foreach (var (low, high) in Ranges)
        {
            if (status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every entry parsed; entries already checked by <see cref="Problem"/>.</summary>
    public static HttpStatusRanges Parse(IEnumerable<string> entries) =>
        new([.. entries.Select(entry => TryParse(entry, out var range) ? range : throw new FormatException(Problem(entry)))]);

    /// <summary>Why <paramref name="entry"/> is not a status or a range, or null when it is one.</summary>
    public static string? Problem(string entry) =>
        TryParse(entry, out _) ? null : $"'{entry}' is not a status code or a range of them ({Lowest}-{Highest}, e.g. 404 or 500-599, low first)";

    private static bool TryParse(string entry, out (int Low, int High) range)
    {
        range = default;
        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        var lowText = dash < 0 ? entry : entry[..dash];
        var highText = dash < 0 ? entry : entry[(dash + 1)..];
        if (!Code(lowText.Trim(), out var low) || !Code(highText.Trim(), out var high) || low > high)
        {
            return false;
        }

        range = (low, high);
        return true;
    }

    private static bool Code(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= Lowest and <= Highest;
}
