using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// One known static option. <see cref="Key"/> is dotted and lower-case; a segment written
/// <c>&lt;name&gt;</c> stands for an operator-chosen name (an entrypoint's), so one row covers them all.
/// </summary>
public sealed record StaticOption(string Key, OptionKind Kind, string? Default, string Description)
{
    public const string NamePlaceholder = "<name>";

    /// <summary>Stands for a list index inside a segment (<c>domains[&lt;n&gt;]</c> matches <c>domains[0]</c>), as Traefik's flags write lists of objects.</summary>
    public const string IndexPlaceholder = "[<n>]";

    /// <summary>How many items an indexed option may have: a bound, and a typo like domains[100000] is an error.</summary>
    public const int MaxIndex = 99;

    /// <summary>The values an <see cref="OptionKind.Enum"/> option accepts, in the case help shows them.</summary>
    public ImmutableArray<string> Choices { get; init; } = [];

    public ImmutableArray<string> Segments => [.. Key.Split('.')];

    public bool HasName => Key.Contains(NamePlaceholder, StringComparison.Ordinal);

    /// <summary>Matches a concrete lower-case key; <paramref name="name"/> is the segment that filled the placeholder.</summary>
    public bool Matches(string key, out string? name)
    {
        name = null;
        var pattern = Segments;
        var parts = key.Split('.');
        if (parts.Length != pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (pattern[i] == NamePlaceholder)
            {
                name = parts[i];
            }
            else if (pattern[i].EndsWith(IndexPlaceholder, StringComparison.Ordinal))
            {
                if (Index(parts[i], pattern[i][..^IndexPlaceholder.Length]) is null)
                {
                    return false;
                }
            }
            else if (pattern[i] != parts[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index in <paramref name="segment"/> written <c>prefix[n]</c>, or null when it is not that (or above <see cref="MaxIndex"/>).</summary>
    public static int? Index(string segment, string prefix) =>
        segment.Length > prefix.Length + 2
        && segment.StartsWith(prefix + "[", StringComparison.Ordinal)
        && segment[^1] == ']'
        && segment[(prefix.Length + 1)..^1] is { Length: <= 2 } digits
        && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>The key with its placeholder filled, as a suggestion or a default is written.</summary>
    public string WithName(string name) => Key.Replace(NamePlaceholder, name, StringComparison.Ordinal);
}
