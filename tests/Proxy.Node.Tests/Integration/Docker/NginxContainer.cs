namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>Debian's nginx in the test base image, configured as in ops/compose/blue-green.yml.</summary>
internal static class NginxContainer
{
    /// <summary>nginx from the base image on its own loopback address, configured as in ops/compose/blue-green.yml.</summary>
    public static Task RunAsync(string name, string listen, params string[] labels)
    {
        var config = ComposeProject.RepoFile(Path.Combine("ops", "compose", "nginx", "blue-green.conf"));
        List<string> args =
        [
            "run", "-d", "--name", name, "--network", "host", "--stop-signal", "SIGQUIT",
            "-v", "/usr:/usr:ro", "-v", $"{config}:/etc/nginx/nginx.conf:ro", "-e", $"LISTEN={listen}",
            "--entrypoint", "/bin/sh",
        ];
        foreach (var label in labels)
        {
            args.AddRange(["--label", label]);
        }

        args.AddRange(["proxy-test-base:latest", "-c",
            "mkdir -p /tmp/www && echo \"listen $LISTEN;\" > /tmp/listen.conf && exec /usr/sbin/nginx -c /etc/nginx/nginx.conf"]);
        return DockerCli.DockerAsync([.. args]);
    }
}
