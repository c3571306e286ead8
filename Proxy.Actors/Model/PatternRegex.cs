using System.Text.RegularExpressions;

namespace Proxy.Actors.Model;

/// <summary>
/// A regular expression from the configuration (an allowed-origin pattern), compiled once: with the
/// non-backtracking engine, whose time is linear in the input, when the pattern allows it (no
/// backreferences or lookarounds), else with a match timeout so that no input can hold a request.
/// </summary>
public static class PatternRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Compiles <paramref name="pattern"/>, or says why it does not compile.</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? problem)
    {
        problem = null;
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
            return true;
        }
        catch (NotSupportedException)
        {
            // A construct only the backtracking engine has; the timeout bounds it.
        }
        catch (ArgumentException e)
        {
            regex = null;
            problem = e.Message;
            return false;
        }

        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            return true;
        }
        catch (ArgumentException e)
        {
            regex = null;
            problem = e.Message;
            return false;
        }
    }

    /// <summary>A pattern the configuration already checked; throws for one it did not (a bug).</summary>
    public static Regex Compile(string pattern) =>
        TryCompile(pattern, out var regex, out var problem) ? regex! : throw new ArgumentException($"'{pattern}' was not validated: {problem}", nameof(pattern));
}
