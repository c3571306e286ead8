namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// Debian's nginx in the test base image, configured as in ops/compose/blue-green.yml. Every response
/// carries the container's name in <see cref="TestBackend.NameHeader"/>, so a test (and
/// <see cref="LoadRun.Backends"/>) sees which container answered.
/// </summary>
internal static class NginxContainer
{
    /// <summary>nginx on daemon A on its own loopback address.</summary>
    public static Task RunAsync(string name, string listen, params string[] labels) =>
        RunOnAsync(DockerCli.Endpoint, name, listen, bigFileMiB: 0, labels);

    /// <summary>
    /// nginx on the daemon at <paramref name="endpoint"/>. With <paramref name="bigFileMiB"/> above 0 it
    /// also serves /big.bin of that size: a client that holds that response without reading it keeps a
    /// request in flight (more than loopback's socket buffers hold), so a graceful stop (SIGQUIT) waits
    /// for it and the container stays in the draining window as long as the test needs.
    /// </summary>
    public static Task RunOnAsync(string endpoint, string name, string listen, int bigFileMiB, params string[] labels)
    {
        var config = ComposeProject.RepoFile(Path.Combine("ops", "compose", "nginx", "blue-green.conf"));
        List<string> args =
        [
            "run", "-d", "--name", name, "--network", "host", "--stop-signal", "SIGQUIT",
            "-v", "/usr:/usr:ro", "-v", $"{config}:/etc/nginx/nginx.conf:ro", "-e", $"LISTEN={listen}", "-e", $"NAME={name}",
            "--entrypoint", "/bin/sh",
        ];
        foreach (var label in labels)
        {
            args.AddRange(["--label", label]);
        }

        var bigFile = bigFileMiB > 0 ? $" && head -c {bigFileMiB * 1024 * 1024} /dev/zero > /tmp/www/big.bin" : string.Empty;
        args.AddRange(["proxy-test-base:latest", "-c",
            $"mkdir -p /tmp/www{bigFile} && echo \"listen $LISTEN; add_header {TestBackend.NameHeader} $NAME always;\" > /tmp/listen.conf && exec /usr/sbin/nginx -c /etc/nginx/nginx.conf"]);
        return DockerCli.DockerOnAsync(endpoint, [.. args]);
    }
}
