using System.Diagnostics;

namespace Proxy.Tests.Docker;

/// <summary>
/// The docker CLI (or docker-compose) run against one daemon, as every Docker-facing test project runs it:
/// the daemon in DOCKER_HOST, the API version pinned, bounded in time, a failure thrown with what the tool
/// printed. One copy, compiled into each test project that talks to Docker (a linked source file).
/// </summary>
internal static class DockerCommand
{
    public static async Task<(string Output, string Errors)> RunAsync(
        string tool, IEnumerable<string> args, TimeSpan timeout, string endpoint, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(tool, args, endpoint, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process this helper started, by its handle.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} against {endpoint} did not finish within {timeout}");
        }

        var printed = (await output, await errors);
        return process.ExitCode == 0
            ? printed
            : throw new InvalidOperationException($"{tool} {string.Join(' ', args)} against {endpoint} exited with {process.ExitCode}:\n{printed.Item1}{printed.Item2}");
    }

    /// <summary>For the tests that drive a daemon step by step, synchronously.</summary>
    public static (string Output, string Errors) Run(string endpoint, IEnumerable<string> args) =>
        RunAsync("docker", args, TimeSpan.FromSeconds(60), endpoint).GetAwaiter().GetResult();

    private static Process Start(string tool, IEnumerable<string> args, string endpoint, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.Environment["DOCKER_HOST"] = endpoint;
        // The same pin as ops/test-env's scripts: the CLI here speaks a newer API than the daemon, and no
        // call should depend on its negotiation or on which client comes first in PATH.
        info.Environment["DOCKER_API_VERSION"] = "1.41";
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
    }
}
