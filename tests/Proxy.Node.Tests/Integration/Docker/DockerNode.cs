namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>A proxy-node process watching daemon A, with its web entry point and API on free loopback ports.</summary>
public sealed class DockerNode : IDisposable
{
    private DockerNode(NodeProcess process, int webPort, int apiPort)
    {
        Process = process;
        WebUrl = $"http://127.0.0.1:{webPort}";
        Api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        Web = TestNode.NewClient(new Uri(WebUrl));
    }

    public NodeProcess Process { get; }

    public string WebUrl { get; }

    public HttpClient Api { get; }

    public HttpClient Web { get; }

    public static DockerNode Start(params string[] extra)
    {
        var webPort = FreePort.Next();
        var apiPort = FreePort.Next();
        var process = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{webPort}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--providers.docker.endpoint={DockerCli.Endpoint}",
            .. extra,
        ]);
        return new DockerNode(process, webPort, apiPort);
    }

    /// <summary>Waits for a condition on the node, with what the node printed in the failure if it never holds.</summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nnode output:\n{Process.Output}", e);
        }
    }

    /// <summary>The URLs of a service's servers that are UP (not draining, not down) as the API shows them.</summary>
    public Task<IReadOnlyList<string>> ServersUpAsync(string service) => RoutingApi.ServersUpAsync(Api, service);

    /// <summary>The status of a router in the API, or null while it does not exist.</summary>
    public Task<string?> RouterStatusAsync(string router) => RoutingApi.RouterStatusAsync(Api, router);

    public void Dispose()
    {
        Web.Dispose();
        Api.Dispose();
        Process.Dispose();
    }
}
