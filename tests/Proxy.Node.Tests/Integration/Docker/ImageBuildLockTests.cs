using System.Diagnostics;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// ops/image/build.sh --offline empties folders of a cache directory every checkout of the same user
/// shares: a second build must wait for the first's lock on it instead of working in it at once.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ImageBuildLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BuildOffline_CacheLockedByAnotherBuild_WaitsWithoutTouchingIt()
    {
        var work = Directory.CreateTempSubdirectory("proxy-image-lock-");
        var lockFile = Path.Combine(work.FullName, ".lock");
        Process? holder = null;
        Process? build = null;
        try
        {
            // Another build's hold on the cache, as build.sh takes it: flock(1) on the same file.
            holder = Process.Start(new ProcessStartInfo("flock", [lockFile, "sleep", "120"]) { UseShellExecute = false })!;
            await WaitUntilAsync(() => File.Exists(lockFile) && !Run("flock", "--nonblock", lockFile, "true"), "the holder to take the lock");

            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var start = new ProcessStartInfo("bash", [ComposeProject.RepoFile(Path.Combine("ops", "image", "build.sh")), "--offline", "--tag", "proxy-node:lock-test"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                Environment = { ["PROXY_IMAGE_WORK"] = work.FullName },
            };
            build = new Process { StartInfo = start };
            build.ErrorDataReceived += (_, line) => { if (line.Data is not null) { errors.Enqueue(line.Data); } };
            build.Start();
            build.BeginErrorReadLine();
            build.BeginOutputReadLine();

            await WaitUntilAsync(
                () => errors.Any(line => line.Contains("waiting for another build", StringComparison.Ordinal)) || Directory.Exists(Path.Combine(work.FullName, "restore")) || build.HasExited,
                "build.sh to wait for the lock or to start working");

            Assert.False(build.HasExited, string.Join('\n', errors));
            Assert.False(Directory.Exists(Path.Combine(work.FullName, "restore")), "build.sh worked in the cache another build holds");
            Assert.Contains($"build.sh: waiting for another build using {work.FullName} (lock {lockFile})", errors);
        }
        finally
        {
            // Only the processes this test started, by their handles.
            build?.Kill(entireProcessTree: true);
            holder?.Kill(entireProcessTree: true);
            build?.Dispose();
            holder?.Dispose();
            work.Delete(recursive: true);
        }
    }

    private static bool Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, $"waited {Patience.TotalSeconds:0} s for {what}");
            await Task.Delay(100);
        }
    }
}
