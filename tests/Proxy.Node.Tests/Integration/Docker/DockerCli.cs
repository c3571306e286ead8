using Proxy.Tests.Docker;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The docker and docker-compose command-line tools against daemon A (ops/test-env: TEST_DOCKER_HOST_A),
/// or daemon B (TEST_DOCKER_HOST_B) where a test names it, run as child processes with a time limit.
/// Only containers these tests create are ever touched.
/// </summary>
public static class DockerCli
{
    private static readonly Lazy<string?> Missing = new(FindProblem);
    private static readonly Lazy<string?> MissingB = new(() => ImageProblem(EndpointB));

    /// <summary>The daemon the tests use, as the node's endpoint flag takes it.</summary>
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("TEST_DOCKER_HOST_A") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";

    /// <summary>The second daemon, standing in for a second Docker host.</summary>
    public static string EndpointB =>
        Environment.GetEnvironmentVariable("TEST_DOCKER_HOST_B") is { Length: > 0 } host ? host : "unix:///var/run/docker-b.sock";

    /// <summary>In CI the Docker tests must run: a missing daemon there is a failure, never a skip.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why Docker cannot be used here, or null when daemon A answers and has the base image.</summary>
    public static string? Problem => Missing.Value;

    /// <summary>Why daemon B cannot be used, or null when it answers and has the base image.</summary>
    public static string? ProblemB => MissingB.Value;

    /// <summary>Fails the test with the reason when Docker is missing (reached only when the test was not skipped).</summary>
    public static void Require()
    {
        if (Problem is { } problem)
        {
            Assert.Fail($"Docker is required (CI=true) but {problem}; run ops/test-env/docker.sh start and image");
        }
    }

    /// <summary>As <see cref="Require"/>, for a test that needs both daemons.</summary>
    public static void RequireBoth()
    {
        Require();
        if (ProblemB is { } problem)
        {
            Assert.Fail($"Docker daemon B is required but {problem}; run ops/test-env/docker.sh start-second and image {EndpointB}");
        }
    }

    public static Task<string> DockerAsync(params string[] args) => RunAsync("docker", args, TimeSpan.FromSeconds(60));

    /// <summary>The docker CLI against the daemon at <paramref name="endpoint"/> (<see cref="Endpoint"/> or <see cref="EndpointB"/>).</summary>
    public static Task<string> DockerOnAsync(string endpoint, params string[] args) => RunAsync("docker", args, TimeSpan.FromSeconds(60), endpoint);

    public static Task<string> ComposeAsync(params string[] args) => ComposeAsync(null, args);

    /// <summary>docker-compose with extra environment variables, which the compose file may interpolate (<c>${NAME}</c>).</summary>
    public static Task<string> ComposeAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync("docker-compose", args, TimeSpan.FromSeconds(120), environment: environment);

    public static async Task<string> RunAsync(
        string tool, IEnumerable<string> args, TimeSpan timeout, string? endpoint = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (output, errors) = await DockerCommand.RunAsync(tool, args, timeout, endpoint ?? Endpoint, environment);
        return output + errors;
    }

    private static string? FindProblem()
    {
        if (ImageProblem(Endpoint) is { } problem)
        {
            return problem;
        }

        try
        {
            RunAsync("docker-compose", ["version", "--short"], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return $"Docker at {Endpoint} is not usable: {ex.Message.Trim()}";
        }
    }

    private static string? ImageProblem(string endpoint)
    {
        try
        {
            RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", "proxy-test-base:latest"], TimeSpan.FromSeconds(20), endpoint).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return $"Docker at {endpoint} is not usable: {ex.Message.Trim()}";
        }
    }
}
