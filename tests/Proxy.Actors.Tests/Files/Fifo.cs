using Proxy.Tests.Processes;
using Xunit;

namespace Proxy.Actors.Tests.Files;

/// <summary>A named pipe made by the system's mkfifo: opened for reading, it waits for a writer that never comes.</summary>
internal static class Fifo
{
    public static async Task<string> MakeAsync(string path)
    {
        var (exitCode, _, errors) = await ToolRun.RunAsync("mkfifo", [path], TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, errors);
        return path;
    }

    /// <summary>
    /// Runs <paramref name="read"/> off the test's thread and fails after a bound: a read that waits on the pipe
    /// fails the test instead of hanging the run (the waiting thread is left behind, as nothing can stop it).
    /// </summary>
    public static Task<T> WithinSecondsAsync<T>(Func<T> read) => Task.Run(read).WaitAsync(TimeSpan.FromSeconds(10));
}
