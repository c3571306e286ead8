namespace Proxy.Node.Hosting;

/// <summary>
/// The .NET runtime's diagnostics endpoint, the Unix socket dotnet-trace, dotnet-counters and dotnet-dump
/// find a process by: <c>dotnet-diagnostic-{pid}-{start time}-socket</c> in TMPDIR. execve keeps the PID and the
/// start time, so the re-executed runtime (<see cref="RuntimeTuning"/>) wants the same name, finds the first
/// runtime's file in the way and does not listen at all: the node could not be traced. The file is removed just
/// before execve; the socket itself closes with the old image.
/// </summary>
internal static class DiagnosticsSocket
{
    public static void RemoveOwn(int pid, TextWriter error)
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, $"dotnet-diagnostic-{pid}-*-socket"))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"proxy-node: diagnostics tools (dotnet-trace, dotnet-counters) will not reach this node: cannot remove its old diagnostics socket in {directory}: {e.Message}");
        }
    }
}
