using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Builds and runs rule regexes. Traefik uses Go's regexp, which is unanchored, so matching is
/// <see cref="Regex.IsMatch(ReadOnlySpan{char})"/> and a rule anchors with ^ and $ itself. .NET
/// syntax is a superset of what Go accepts for the common cases; backtracking is the difference,
/// hence the timeout.
/// </summary>
internal static class SafeRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    public static BuildResult Create(string pattern, string matcher, int position, Func<Regex, RuleMatcher> build)
    {
        try
        {
            return build(new Regex(pattern, RegexOptions.CultureInvariant, Timeout));
        }
        catch (RegexParseException e)
        {
            return new RuleError(position, $"{matcher} has an invalid regular expression: {Describe(e.Error)} at offset {e.Offset}");
        }
    }

    // A pattern that backtracks past the timeout would otherwise fail the request; treating it as
    // a non-match sends the request on to the next router, as a route that does not apply.
    public static bool IsMatch(Regex pattern, ReadOnlySpan<char> input)
    {
        try
        {
            return pattern.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // The enum names are stable across .NET versions and languages, unlike exception messages.
    private static string Describe(RegexParseError error)
    {
        var name = error.ToString();
        var words = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
