using Proxy.Node.Tests.Integration.Docker;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// Runs one check against two real nodes: one that reads a middleware from its YAML file, one that reads
/// the same middleware from the labels of a real container on daemon A. Each routes Host(`mw&lt;id&gt;.localhost`)
/// through the middleware to its own <see cref="EchoNginx"/>, so the check sees the same backend behind both;
/// the same behaviour from both is what the issue asks of every middleware.
/// </summary>
internal static class BothProviders
{
    /// <param name="middlewareYaml">The middleware's body under its name, unindented: <c>redirectScheme:\n  scheme: https\n</c>.</param>
    /// <param name="middlewareLabels">The same as labels without the middleware prefix: <c>redirectscheme.scheme=https</c>.</param>
    /// <param name="check">Run once per node; fails the test with the provider's name in front.</param>
    /// <param name="nodeFlags">Static flags both nodes get (an entry point's forwarded-headers trust, ...).</param>
    public static Task CheckAsync(string middlewareYaml, string[] middlewareLabels, Func<ParityTarget, Task> check, params string[] nodeFlags) =>
        CheckAsync(middlewareYaml, middlewareLabels, [], check, nodeFlags);

    /// <param name="others">
    /// Other middlewares the one under test names (a chain's members), each as its name, its YAML body and its labels;
    /// a name is suffixed with the run's id in labels, as daemon A's containers are seen by every Docker node.
    /// Write <c>{id}</c> where the middleware under test names one of them.
    /// </param>
    public static Task CheckAsync(
        string middlewareYaml, string[] middlewareLabels, (string Name, string Yaml, string[] Labels)[] others, Func<ParityTarget, Task> check, params string[] nodeFlags) =>
        CheckAsync(middlewareYaml, middlewareLabels, others, secondService: false, check, nodeFlags);

    /// <summary>
    /// As the first, with a second service on each node's nginx, from YAML on one and from the container's labels on
    /// the other (an errors middleware's page service): the middleware names it <c>second{id}</c>.
    /// </summary>
    public static Task CheckWithSecondServiceAsync(string middlewareYaml, string[] middlewareLabels, Func<ParityTarget, Task> check, params string[] nodeFlags) =>
        CheckAsync(middlewareYaml, middlewareLabels, [], secondService: true, check, nodeFlags);

    private static async Task CheckAsync(
        string middlewareYaml,
        string[] middlewareLabels,
        (string Name, string Yaml, string[] Labels)[] others,
        bool secondService,
        Func<ParityTarget, Task> check,
        string[] nodeFlags)
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var host = $"mw{id}.localhost";
        var fileBackend = $"proxye2e-{id}-file";
        var dockerBackend = $"proxye2e-{id}-docker";
        var fileListen = $"127.0.0.1:{FreePort.Next()}";
        var dockerListen = $"127.0.0.1:{FreePort.Next()}";
        try
        {
            await EchoNginx.RunAsync(fileBackend, fileListen);
            await EchoNginx.RunAsync(
                dockerBackend,
                dockerListen,
                [
                    $"proxy.http.routers.mw{id}.rule=Host(`{host}`)",
                    $"proxy.http.routers.mw{id}.middlewares=mw{id}",
                    // Named: a container that defines two services leaves a router without one out.
                    $"proxy.http.routers.mw{id}.service=mw{id}",
                    $"proxy.http.services.mw{id}.loadbalancer.server.url=http://{dockerListen}",
                    .. secondService ? [$"proxy.http.services.second{id}.loadbalancer.server.url=http://{dockerListen}"] : Array.Empty<string>(),
                    .. middlewareLabels.Select(label => $"proxy.http.middlewares.mw{id}.{label.Replace("{id}", id, StringComparison.Ordinal)}"),
                    .. others.SelectMany(other => other.Labels.Select(label => $"proxy.http.middlewares.{other.Name}{id}.{label}")),
                ]);

            var yaml =
                "http:\n"
                + "  routers:\n"
                + "    app:\n"
                + $"      rule: \"Host(`{host}`)\"\n"
                + "      service: app\n"
                + "      middlewares: [mw]\n"
                + "  services:\n"
                + "    app:\n"
                + "      loadBalancer:\n"
                + Yaml.Servers($"http://{fileListen}")
                + (secondService ? "    second:\n      loadBalancer:\n" + Yaml.Servers($"http://{fileListen}") : string.Empty)
                + "  middlewares:\n"
                + "    mw:\n"
                + Indented(middlewareYaml.Replace("{id}", string.Empty, StringComparison.Ordinal))
                + string.Concat(others.Select(other => $"    {other.Name}:\n" + Indented(other.Yaml)));
            await using (var fileNode = await TestNode.StartAsync(yaml, ["app"], nodeFlags))
            {
                await RunAsync(check, new ParityTarget("file", fileNode.Client, fileNode.Api, host));
            }

            using var dockerNode = DockerNode.Start(nodeFlags);
            await dockerNode.EventuallyAsync(
                async () => await dockerNode.RouterStatusAsync($"mw{id}@docker") == "enabled", $"router mw{id}@docker", TimeSpan.FromSeconds(30));
            await RunAsync(check, new ParityTarget("docker", dockerNode.Web, dockerNode.Api, host));
        }
        finally
        {
            // Only the two containers this run created, by name.
            await DockerCli.DockerAsync("rm", "-f", fileBackend, dockerBackend);
        }
    }

    private static string Indented(string body) =>
        string.Concat(body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"      {line}\n"));

    private static async Task RunAsync(Func<ParityTarget, Task> check, ParityTarget target)
    {
        try
        {
            await check(target);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"middleware from the {target.Provider} provider: {e.Message}", e);
        }
    }
}
