using System.Text;
using System.Text.RegularExpressions;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Actors.Model;

/// <summary>
/// The regexes of middleware options (redirectRegex, replacePathRegex, stripPrefixRegex, ...), built as Go's
/// regexp in Traefik runs them: unanchored, in time linear in the input (.NET's NonBacktracking engine, so a
/// request cannot make one expensive and no timeout is needed), and with Go's named groups <c>(?P&lt;name&gt;…)</c>
/// read as .NET's <c>(?&lt;name&gt;…)</c>. The validator and the handlers build them here, so both agree.
/// </summary>
public static class LinearRegex
{
    /// <summary>Longer patterns are refused: an option's regex is a line an operator writes, not data.</summary>
    public const int MaxLength = 4096;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>A validated pattern's regex; throws for one the validator would refuse (a programming error).</summary>
    public static Regex Create(string pattern) =>
        TryCreate(pattern, out var regex, out var problem) ? regex : throw new ArgumentException(problem, nameof(pattern));

    /// <param name="problem">What is wrong, for an error that puts the option in front: "'(a' is not a valid regular expression: ...".</param>
    public static bool TryCreate(string pattern, out Regex regex, out string problem)
    {
        regex = null!;
        problem = string.Empty;
        if (pattern.Length > MaxLength)
        {
            problem = $"is {pattern.Length} characters long, more than the {MaxLength} a regular expression may have";
            return false;
        }

        var dotnet = WithDotNetGroupNames(pattern);
        try
        {
            regex = new Regex(dotnet, Options);
            return true;
        }
        catch (RegexParseException e)
        {
            problem = $"'{pattern}' is not a valid regular expression: {Describe(e.Error)} at offset {e.Offset}";
        }
        catch (NotSupportedException e)
        {
            var construct = LinearRegexConstruct.FindUnsupported(dotnet);
            var what = construct is { } found ? $"{found.Name} at offset {found.Offset}" : $"a construct it cannot run ({e.Message})";
            problem = $"'{pattern}' uses {what}; regular expressions run in linear time, as Go's regexp in Traefik, "
                + "which has no backreferences, lookarounds, atomic groups or conditionals";
        }

        return false;
    }

    /// <summary>
    /// Go's replacement template (Traefik's) as .NET's: <c>$name</c> and <c>${name}</c> name a group (a purely
    /// numeric name its index, a name as long as letters, digits and '_' go: <c>$1x</c> is group "1x"); a group the
    /// regex does not have expands to nothing; <c>$$</c> and a '$' that names nothing are a literal '$'.
    /// </summary>
    public static string Replacement(Regex regex, string template)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var result = new StringBuilder(template.Length + 8);
        List<int>? goGroups = null;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$')
            {
                result.Append(c);
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '$')
            {
                result.Append("$$");
                i++;
                continue;
            }

            var braced = i + 1 < template.Length && template[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < template.Length && (char.IsAsciiLetterOrDigit(template[end]) || template[end] == '_'))
            {
                end++;
            }

            if (end == start || (braced && (end >= template.Length || template[end] != '}')))
            {
                result.Append("$$");
                continue;
            }

            var name = template[start..end];
            var number = -1;
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                var groups = goGroups ??= GoGroupNumbers(regex);
                number = index < groups.Count ? groups[index] : -1;
            }
            else
            {
                number = regex.GroupNumberFromName(name);
            }

            if (number >= 0)
            {
                result.Append("${").Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('}');
            }

            i = braced ? end : end - 1;
        }

        return result.ToString();
    }

    /// <summary>
    /// .NET's group number for each of Go's group indexes. Go numbers every capturing group left to right; .NET
    /// numbers the unnamed ones first and the named ones after them, so <c>(?P&lt;a&gt;x)(y)</c> is 1=a, 2=y in Go but
    /// 1=y, 2=a here. Index 0 is the whole match in both.
    /// </summary>
    private static List<int> GoGroupNumbers(Regex regex)
    {
        var pattern = regex.ToString();
        var numbers = new List<int> { 0 };
        var unnamed = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
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
            }
            else if (c == '(')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] != '?')
                {
                    numbers.Add(++unnamed);
                }
                else if (i + 2 < pattern.Length && (pattern[i + 2] == '<' || pattern[i + 2] == '\'') && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!'))
                {
                    var close = pattern.IndexOfAny(['>', '\''], i + 3);
                    numbers.Add(close < 0 ? -1 : regex.GroupNumberFromName(pattern[(i + 3)..close]));
                }
            }
        }

        return numbers;
    }

    /// <summary>A .NET parse error's name in words ("insufficient closing parentheses"): stable across versions and languages, unlike messages.</summary>
    internal static string Describe(RegexParseError error)
    {
        var name = error.ToString();
        var words = new StringBuilder(name.Length + 8);
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

    /// <summary>Go's <c>(?P&lt;name&gt;</c> as .NET's <c>(?&lt;name&gt;</c>, outside escapes and character classes.</summary>
    private static string WithDotNetGroupNames(string pattern)
    {
        if (!pattern.Contains("(?P<", StringComparison.Ordinal))
        {
            return pattern;
        }

        var result = new StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                result.Append("(?<");
                i += 3;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
