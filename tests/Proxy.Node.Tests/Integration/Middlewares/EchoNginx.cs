using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// A real nginx on daemon A (host network, its own loopback address) that answers every path with what it
/// received: the method and target in the body and in X-Echo-Uri / X-Echo-Method, and the request headers
/// middlewares touch in X-Echo-* (ops/test-env/nginx/echo.conf). /text.txt is 64 KiB of text.
/// </summary>
internal static class EchoNginx
{
    /// <summary>The response header that carries what nginx got for <paramref name="requestHeader"/> (Authorization: X-Echo-Authorization).</summary>
    public static string Echoed(string requestHeader) => "X-Echo-" + requestHeader;

    public static Task RunAsync(string name, string listen, params string[] labels)
    {
        var config = ComposeProject.RepoFile(Path.Combine("ops", "test-env", "nginx", "echo.conf"));
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
            "mkdir -p /tmp/www && i=0; while [ $i -lt 1024 ]; do echo 'the quick brown fox jumps over the lazy dog, again and again, 0123456789'; i=$((i+1)); done | head -c 65536 > /tmp/www/text.txt"
            + " && echo \"listen $LISTEN;\" > /tmp/listen.conf && exec /usr/sbin/nginx -c /etc/nginx/nginx.conf"]);
        return DockerCli.DockerAsync([.. args]);
    }
}
