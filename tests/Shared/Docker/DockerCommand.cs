using Proxy.Tests.Processes;

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
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["DOCKER_HOST"] = endpoint,
            // The same pin as ops/test-env's scripts: the CLI here speaks a newer API than the daemon, and no
            // call should depend on its negotiation or on which client comes first in PATH.
            ["DOCKER_API_VERSION"] = "1.41",
        };
        var (exitCode, output, errors) = await ToolRun.RunAsync(tool, args, timeout, variables);
        return exitCode == 0
            ? (output, errors)
            : throw new InvalidOperationException($"{tool} {string.Join(' ', args)} against {endpoint} exited with {exitCode}:\n{output}{errors}");
    }

    /// <summary>For the tests that drive a daemon step by step, synchronously.</summary>
    public static (string Output, string Errors) Run(string endpoint, IEnumerable<string> args) =>
        RunAsync("docker", args, TimeSpan.FromSeconds(60), endpoint).GetAwaiter().GetResult();
}
