using System.Globalization;
using System.Text.RegularExpressions;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The figures of ab's report that a zero-downtime test asserts on. ab prints "Non-2xx responses" only when
/// there were some, so its absence is zero; a report without "Complete requests" means ab gave up
/// (it aborts the run on a reset connection) and counts as a failure of everything it did not complete.
/// </summary>
public sealed partial record AbSummary(int ExitCode, int Complete, int Failed, int Non2xx, double RequestsPerSecond, string Report)
{
    public static AbSummary Parse(string output, int exitCode) => new(
        exitCode,
        Int(output, "Complete requests") ?? 0,
        Int(output, "Failed requests") ?? 0,
        Int(output, "Non-2xx responses") ?? 0,
        double.TryParse(Field(output, "Requests per second")?.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rps) ? rps : 0,
        ReportOf(output));

    private static int? Int(string output, string name) =>
        int.TryParse(Field(output, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? Field(string output, string name)
    {
        var match = Regex.Match(output, $"^{Regex.Escape(name)}:\\s+(.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    /// <summary>From "Concurrency Level" to the end: the part worth printing, without the progress lines.</summary>
    private static string ReportOf(string output)
    {
        var start = output.IndexOf("Concurrency Level", StringComparison.Ordinal);
        return start < 0 ? output : output[start..];
    }
}
