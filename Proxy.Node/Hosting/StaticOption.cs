using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// One known static option. <see cref="Key"/> is dotted and lower-case; a segment written
/// <c>&lt;name&gt;</c> stands for an operator-chosen name (an entrypoint's), so one row covers them all.
/// </summary>
public sealed record StaticOption(string Key, OptionKind Kind, string? Default, string Description)
{
    public const string NamePlaceholder = "<name>";

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
            else if (pattern[i] != parts[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key with its placeholder filled, as a suggestion or a default is written.</summary>
    public string WithName(string name) => Key.Replace(NamePlaceholder, name, StringComparison.Ordinal);
}
