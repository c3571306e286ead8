using Proxy.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>The test daemon helper itself: a dockerd that never answered must not outlive the failed start.</summary>
public sealed class ThrowawayDaemonTests
{
    [DockerFact]
    public void Start_DaemonDoesNotAnswerInTime_KillsItAndRemovesItsDirectory()
    {
        using var daemon = new ThrowawayDaemon();

        var error = Assert.Throws<InvalidOperationException>(() => daemon.Start(TimeSpan.Zero));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Empty(ProcessesNaming(daemon.Root));
        Assert.False(Directory.Exists(daemon.Root), $"{daemon.Root} is left behind");
    }

    /// <summary>Every process whose command line names the daemon's directory: dockerd, its containerd, their shims.</summary>
    private static List<string> ProcessesNaming(string root)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = System.IO.File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(root, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Not a process, or one that ended meanwhile.
            }
        }

        return found;
    }
}
