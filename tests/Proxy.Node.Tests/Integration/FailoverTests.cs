namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class FailoverTests
{
    private const int Total = 2000;
    private const int StopAfter = 500;

    [Fact]
    public async Task BackendStoppedUnderLoad_WithRetry_NoClientErrors()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), Yaml.Retry3, "retry"), "app");

        var run = LoadRun.Start(node.Client, "/", Total, concurrency: 8, TimeSpan.FromSeconds(20), out var running);
        await Eventually.TrueAsync(() => run.Completed >= StopAfter, $"{StopAfter} requests", TimeSpan.FromSeconds(20));
        await b.StopAsync();
        await running;

        Assert.True(run.Completed == Total, run.Describe());
        Assert.True(run.Failures == 0, run.Describe());
        Assert.True(run.Backends.GetValueOrDefault("b") > 0, run.Describe());
    }

    /// <summary>
    /// Without a retry middleware, a request refused by the stopping server never reached it and goes to the
    /// other; only one just written on a keep-alive connection the server closed as it stopped can still fail,
    /// and then as the node's 502, never as a broken connection.
    /// </summary>
    [Fact]
    public async Task BackendStoppedUnderLoad_WithoutRetry_AtMost502s()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url)), "app");

        var run = LoadRun.Start(node.Client, "/", Total, concurrency: 8, TimeSpan.FromSeconds(20), out var running);
        await Eventually.TrueAsync(() => run.Completed >= StopAfter, $"{StopAfter} requests", TimeSpan.FromSeconds(20));
        await b.StopAsync();
        await running;

        Assert.True(run.Completed == Total, run.Describe());
        Assert.True(run.Errors.Count == 0, run.Describe());
        Assert.True(run.Statuses.Keys.All(s => s is 200 or 502), run.Describe());
        Assert.True(run.Backends.GetValueOrDefault("b") > 0, run.Describe());
    }
}
