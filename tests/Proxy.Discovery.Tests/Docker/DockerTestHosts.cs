namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The real Docker daemons the integration tests use, from <c>TEST_DOCKER_HOST_A/B</c> (as
/// ops/test-env/test.sh exports them), defaulting to the two sockets docker.sh starts.
/// </summary>
internal static class DockerTestHosts
{
    public static string A { get; } = Endpoint("TEST_DOCKER_HOST_A", "unix:///var/run/docker.sock");

    public static string B { get; } = Endpoint("TEST_DOCKER_HOST_B", "unix:///var/run/docker-b.sock");

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the daemon cannot be used, or null when its socket is there.</summary>
    public static string? Missing(string endpoint)
    {
        var uri = new Uri(endpoint);
        if (uri.Scheme != "unix")
        {
            return null;
        }

        return System.IO.File.Exists(uri.LocalPath) ? null : $"no Docker daemon: socket {uri.LocalPath} does not exist (run ops/test-env/docker.sh start)";
    }

    private static string Endpoint(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
