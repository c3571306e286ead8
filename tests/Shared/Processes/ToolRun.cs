using System.Diagnostics;

namespace Proxy.Tests.Processes;

/// <summary>
/// A command-line tool the tests run as a child process, bounded in time: on timeout only that process
/// (and what it started) is killed, by its handle. One copy, compiled into each test project that needs it
/// (a linked source file).
/// </summary>
internal static class ToolRun
{
    /// <param name="environment">Variables to set for the tool, over the test process's own.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string tool, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
