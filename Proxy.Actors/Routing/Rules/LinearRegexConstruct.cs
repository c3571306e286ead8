namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Finds the first construct of a .NET pattern that only a backtracking engine can run. Go's
/// regexp, which Traefik's rules use, has none of them, so a Traefik rule never needs one; .NET's
/// NonBacktracking engine rejects them with a message that names no offset and is localised.
/// </summary>
internal static class LinearRegexConstruct
{
    /// <returns>What the construct is and its 0-based offset in the pattern, or null if the pattern has none.</returns>
    public static (string Name, int Offset)? FindUnsupported(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '\\')
            {
                if (!inClass && Escape(next) is { } escape)
                {
                    return (escape, i);
                }

                // The escaped character is literal, whatever it is.
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;

                // A ']' right after '[' or '[^' is a member, not the end of the class.
                i += next == '^' ? 1 : 0;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }
            }
            else if (c == '(' && next == '?' && Group(pattern.AsSpan(i + 2)) is { } group)
            {
                return (group, i);
            }
        }

        return null;
    }

    private static string? Escape(char escaped) => escaped switch
    {
        >= '1' and <= '9' => $"a backreference (\\{escaped})",
        'k' => "a named backreference (\\k)",
        'G' => "the \\G anchor",
        _ => null,
    };

    private static string? Group(ReadOnlySpan<char> afterQuestionMark)
    {
        string[][] prefixes =
        [
            ["=", "a lookahead (?="], ["!", "a negative lookahead (?!"], ["<=", "a lookbehind (?<="],
            ["<!", "a negative lookbehind (?<!"], [">", "an atomic group (?>"], ["(", "a conditional (?("],
        ];
        foreach (var prefix in prefixes)
        {
            if (afterQuestionMark.StartsWith(prefix[0]))
            {
                return prefix[1];
            }
        }

        // (?<name-other>...) and (?'name-other'...) pop another group's captures.
        if (afterQuestionMark.Length > 0 && afterQuestionMark[0] is '<' or '\'')
        {
            var close = afterQuestionMark[0] == '<' ? '>' : '\'';
            var end = afterQuestionMark[1..].IndexOf(close);
            if (end >= 0 && afterQuestionMark[1..(end + 1)].Contains('-'))
            {
                return "a balancing group (?<name-other>";
            }
        }

        return null;
    }
}
