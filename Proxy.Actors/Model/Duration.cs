using System.Globalization;
using System.Text.RegularExpressions;

namespace Proxy.Actors.Model;

/// <summary>
/// Durations as Traefik writes them: Go's <c>time.ParseDuration</c> units (<c>ns us ms s m h</c>,
/// combinable as <c>1m30s</c>), or a bare number meaning seconds.
/// </summary>
public static partial class Duration
{
    // [0-9], not \d: \d also matches other scripts' digits (U+1C49), which double.Parse then refuses.
    [GeneratedRegex(@"\G(?<value>[0-9]+(?:\.[0-9]+)?)(?<unit>ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>
    /// A duration the declaration's check has already accepted (<see cref="Configuration.Schema.Checks"/>): one
    /// that does not parse here is a bug in the caller, not an operator's mistake, so it throws rather than
    /// becoming some default.
    /// </summary>
    public static TimeSpan Checked(string? text) =>
        TryParse(text, out var value) ? value : throw new InvalidOperationException($"'{text}' was not checked as a duration: it does not parse");

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var position = 0;
        var ticks = 0.0;
        while (position < trimmed.Length)
        {
            var match = Part().Match(trimmed, position);
            if (!match.Success)
            {
                return false;
            }

            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            ticks += value * match.Groups["unit"].Value switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
            position += match.Length;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>
    /// A duration that may be negative, read as Go's <c>time.ParseDuration</c> reads a leading minus (Traefik's
    /// <c>flushInterval</c>, where a negative value has a meaning of its own).
    /// </summary>
    public static bool TryParseSigned(string? text, out TimeSpan duration)
    {
        var trimmed = text?.Trim();
        if (trimmed is ['-', .. var magnitude] && TryParse(magnitude, out var positive))
        {
            duration = -positive;
            return true;
        }

        return TryParse(trimmed, out duration);
    }

    /// <summary><see cref="Checked"/> for a field declared with negative values allowed.</summary>
    public static TimeSpan CheckedSigned(string? text) =>
        TryParseSigned(text, out var value) ? value : throw new InvalidOperationException($"'{text}' was not checked as a duration: it does not parse");

    /// <summary>Formats the way operators write it back (<c>10s</c>, <c>250ms</c>), for the API and help.</summary>
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.Zero
            ? "-" + Format(-duration)
            : duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)duration.TotalSeconds}s"
            : $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
