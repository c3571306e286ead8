namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The proxy's own container image, as ops/image/build.sh --offline builds it on daemon A from the
/// locally imported base images, under a tag of this checkout's own (<see cref="Tag"/>). Built once per
/// test process; the script's cache makes a build whose inputs did not change quick. A build that fails
/// fails the test with the script's output: a test that needs the image never skips for want of it.
/// </summary>
public static class ProxyImage
{
    /// <summary>
    /// <c>proxy-node:test-&lt;hash of the checkout's path&gt;</c>: every checkout on the machine uses the same
    /// daemons, so a shared tag (<c>proxy-node:local</c>) would let one checkout's tests run another's code.
    /// </summary>
    public static string Tag { get; } = TagFor(Path.GetDirectoryName(ComposeProject.RepoFile("Dockerfile"))!);

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly Lazy<Task<string>> Build = new(() => DockerCli.RunAsync(
        "bash", [ComposeProject.RepoFile(Path.Combine("ops", "image", "build.sh")), "--offline", "--tag", Tag], BuildTimeout));

    public static string TagFor(string checkout) =>
        $"proxy-node:test-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(checkout))))[..12]}";

    /// <summary>Builds the image (once per process) and returns the build's output.</summary>
    public static Task<string> EnsureBuiltAsync() => Build.Value;

    /// <summary>
    /// The variables the compose files that run the image interpolate: the image (<see cref="Tag"/>), the
    /// host path of daemon A's socket (mounted read-only) and its group id, which the image's non-root user
    /// joins to read it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ComposeEnvironmentAsync()
    {
        const string unix = "unix://";
        if (!DockerCli.Endpoint.StartsWith(unix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the proxy container mounts the Docker socket, but daemon A is at {DockerCli.Endpoint}, not a unix:// socket");
        }

        var socket = DockerCli.Endpoint[unix.Length..];
        var gid = (await DockerCli.RunAsync("stat", ["-c", "%g", socket], TimeSpan.FromSeconds(10))).Trim();
        return new Dictionary<string, string> { ["PROXY_IMAGE"] = Tag, ["DOCKER_SOCKET"] = socket, ["DOCKER_GID"] = gid };
    }
}
