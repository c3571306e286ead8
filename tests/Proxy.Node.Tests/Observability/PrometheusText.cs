using System.Globalization;
using System.Text.RegularExpressions;

namespace Proxy.Node.Tests.Observability;

/// <summary>Reads samples out of Prometheus' text format, enough for tests to ask "what is this counter".</summary>
public static partial class PrometheusText
{
    /// <summary>The value of the sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/>, summed over the rest; 0 when none.</summary>
    public static double Value(string text, string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var found = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => found.TryGetValue(l.Label, out var v) && v == l.Value))
            {
                total += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
