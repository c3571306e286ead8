using System.Globalization;

namespace Proxy.Node.Hosting;

/// <summary>
/// The .NET runtime's diagnostics endpoint, the Unix socket dotnet-trace, dotnet-counters and dotnet-dump
/// find a process by: <c>dotnet-diagnostic-{pid}-{start time}-socket</c> in TMPDIR, the start time being
/// field 22 of /proc/self/stat. execve keeps both, so the re-executed runtime (<see cref="RuntimeTuning"/>)
/// wants the same name, finds the first runtime's file in the way and does not listen at all: the node could
/// not be traced. That one file is removed just before execve (never another process's: a container's PID 1
/// may share a TMPDIR with others); the socket itself closes with the old image.
/// </summary>
internal static class DiagnosticsSocket
{
    public static void RemoveOwn(TextWriter error)
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        try
        {
            var path = Path.Combine(directory, $"dotnet-diagnostic-{Environment.ProcessId}-{StartTime(File.ReadAllText("/proc/self/stat"))}-socket");
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            error.WriteLine($"proxy-node: diagnostics tools (dotnet-trace, dotnet-counters) will not reach this node: cannot remove its old diagnostics socket in {directory}: {e.Message}");
        }
    }

    /// <summary>Field 22 of a /proc/PID/stat line; the name in field 2 may hold spaces and parentheses, so fields count from its last ')'.</summary>
    internal static string StartTime(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // The rest starts at field 3.
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? fields[19]
            : throw new FormatException($"no start time in /proc/self/stat: '{stat}'");
    }
}
