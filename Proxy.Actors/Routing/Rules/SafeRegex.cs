using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// Builds rule regexes. Traefik uses Go's regexp, which is unanchored, so matching is
/// <see cref="Regex.IsMatch(ReadOnlySpan{char})"/> and a rule anchors with ^ and $ itself. Go's
/// engine runs in time linear in the input; .NET's backtracking engine does not (a pattern such as
/// <c>(a+)+$</c> is exponential in a crafted host). The NonBacktracking engine keeps Go's
/// guarantee, so a request can never make a rule expensive, and no timeout is needed.
/// </summary>
internal static class SafeRegex
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static BuildResult Create(string pattern, string matcher, int position, Func<Regex, RuleMatcher> build)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, Options);
        }
        catch (RegexParseException e)
        {
            return new RuleError(position, $"{matcher} has an invalid regular expression: {Model.LinearRegex.Describe(e.Error)} at offset {e.Offset}");
        }
        catch (NotSupportedException e)
        {
            var construct = LinearRegexConstruct.FindUnsupported(pattern);
            var what = construct is { } found ? $"{found.Name} at offset {found.Offset}" : $"a construct it cannot run ({e.Message})";
            return new RuleError(position,
                $"{matcher} `{pattern}` uses {what}; rule regexes are matched in linear time, as Go's regexp in Traefik, "
                + "which has no backreferences, lookarounds, atomic groups or conditionals");
        }

        return build(regex);
    }
}
