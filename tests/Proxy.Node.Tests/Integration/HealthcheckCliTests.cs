using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Node.Cli;
using Proxy.Node.Tests.Integration.ClusterTls;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// <c>proxy-node healthcheck</c>, the binary run as the CLI as a container's HEALTHCHECK runs it: 0 when the
/// node's /ping answers 200, 1 with the reason on stderr otherwise.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class HealthcheckCliTests
{
    [Fact]
    public async Task Healthcheck_ApiFlagOfARunningNode_ExitsZero()
    {
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers("http://127.0.0.2:1")));

        var (output, exit) = await CliAsync(["healthcheck", $"--api=127.0.0.1:{node.ApiPort}"]);

        Assert.True(exit == 0, output);
        Assert.Contains($"proxy-node healthcheck: http://127.0.0.1:{node.ApiPort}/ping answered 200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_ApiAddressFromEnvironmentNoFlag_ExitsZero()
    {
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers("http://127.0.0.2:1")));

        var (output, exit) = await CliAsync(["healthcheck"], new() { ["PROXY_API_ADDRESS"] = $"127.0.0.1:{node.ApiPort}" });

        Assert.True(exit == 0, output);
        Assert.Contains($"http://127.0.0.1:{node.ApiPort}/ping answered 200", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_ClosedPort_ExitsOneNamingTheAddress()
    {
        var closed = new Uri(FreePort.ClosedUrl(1)).Authority;

        var (output, exit) = await CliAsync(["healthcheck"], new() { ["PROXY_API_ADDRESS"] = closed });

        Assert.Equal(1, exit);
        Assert.StartsWith($"proxy-node healthcheck: cannot reach http://{closed}/ping: ", output, StringComparison.Ordinal);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Healthcheck_PingAnswers503_ExitsOneWithTheStatus()
    {
        var port = FreePort.Next();
        await using var stopping = await StartPingAsync(port, StatusCodes.Status503ServiceUnavailable);

        var (output, exit) = await CliAsync(["healthcheck", $"--api=http://127.0.0.1:{port}"]);

        Assert.Equal(1, exit);
        Assert.Equal($"proxy-node healthcheck: http://127.0.0.1:{port}/ping answered 503 Service Unavailable\n", output);
    }

    [Fact]
    public async Task Healthcheck_PingRedirectsToA200_ExitsOneWithTheRedirect()
    {
        // Whatever answers on the API's address is probed, not what it points to: a listener that redirects
        // /ping to a page answering 200 is not a node serving.
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapGet("/ping", () => Results.Redirect("/elsewhere"));
        app.MapGet("/elsewhere", () => Results.Ok());
        await app.StartAsync();

        var (output, exit) = await CliAsync(["healthcheck", $"--api=http://127.0.0.1:{port}"]);

        Assert.Equal(1, exit);
        Assert.Equal($"proxy-node healthcheck: http://127.0.0.1:{port}/ping answered 302 Found\n", output);
    }

    [Fact]
    public async Task Healthcheck_HttpsApi_AcceptsOnlyTheApiCertificate()
    {
        using var lab = new TlsLab();
        await lab.CaAsync("api", "api-node", "impostor");
        var dir = Path.Combine(lab.Directory, "api");
        var apiPort = FreePort.Next();
        using var node = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--api.tls.certfile={dir}/api-node.crt",
            $"--api.tls.keyfile={dir}/api-node.key",
        ]);
        var environment = new Dictionary<string, string>
        {
            ["PROXY_API_ADDRESS"] = $"127.0.0.1:{apiPort}",
            ["PROXY_API_TLS_CERTFILE"] = $"{dir}/api-node.crt",
            ["PROXY_API_TLS_KEYFILE"] = $"{dir}/api-node.key",
        };

        // The certificate names neither 127.0.0.1 nor a name dialled: only its pin lets the probe pass.
        await Eventually.TrueAsync(async () => (await CliAsync(["healthcheck"], environment)).Exit == 0, "healthcheck over HTTPS\n" + node.Output, TimeSpan.FromSeconds(30));
        environment["PROXY_API_TLS_CERTFILE"] = $"{dir}/impostor.crt";
        environment["PROXY_API_TLS_KEYFILE"] = $"{dir}/impostor.key";
        var (output, exit) = await CliAsync(["healthcheck"], environment);

        Assert.Equal(1, exit);
        Assert.StartsWith($"proxy-node healthcheck: https://127.0.0.1:{apiPort}/ping: the API's TLS certificate is not the one {dir}/impostor.crt names", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_EnvironmentNeedsTheContainersFlags_ExitsZero()
    {
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers("http://127.0.0.2:1")));

        // As Docker runs the image's HEALTHCHECK: the container's environment, whose label prefix needs
        // the endpoint its command gives, and none of the command's flags.
        var (output, exit) = await CliAsync(["healthcheck"], new()
        {
            ["PROXY_API_ADDRESS"] = $"127.0.0.1:{node.ApiPort}",
            ["PROXY_PROVIDERS_DOCKER_LABELPREFIX"] = "traefik",
            ["PROXY_PROVIDERS_DOCKER_EXPOSEDBYDEFAULT"] = "false",
        });

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Healthcheck_ApiFlagEnvironmentNeedsTheContainersFlags_ExitsZero()
    {
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers("http://127.0.0.2:1")));

        var (output, exit) = await CliAsync(["healthcheck", $"--api=127.0.0.1:{node.ApiPort}"], new() { ["PROXY_CLUSTER_DNS_SERVER"] = "127.0.0.1:53" });

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Healthcheck_BadApiAddress_ExitsOneWithTheReason()
    {
        var (output, exit) = await CliAsync(["healthcheck"], new() { ["PROXY_API_ADDRESS"] = "nowhere", ["PROXY_PROVIDERS_DOCKER_LABELPREFIX"] = "traefik" });

        Assert.Equal(1, exit);
        Assert.StartsWith("proxy-node healthcheck: cannot tell where the node's API is: invalid value \"nowhere\" for PROXY_API_ADDRESS: expected ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_UnknownFlag_ExitsOneNotTwo()
    {
        var (output, exit) = await CliAsync(["healthcheck", "--api.adress=127.0.0.1:1"]);

        // Docker reserves 2 for health checks.
        Assert.Equal(1, exit);
        Assert.Equal("proxy-node healthcheck: cannot tell where the node's API is: unknown option --api.adress (did you mean --api.address?)\n", output);
    }

    /// <summary>Runs the proxy-node binary; what it printed (stdout and stderr) and its exit code.</summary>
    private static async Task<(string Output, int Exit)> CliAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        using var cli = NodeProcess.Start(args, environment);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (cli.Output, exit);
    }

    /// <summary>A server whose /ping answers <paramref name="status"/>, as a node's does while it stops.</summary>
    private static async Task<WebApplication> StartPingAsync(int port, int status)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/ping", () => Results.StatusCode(status));
        await app.StartAsync();
        return app;
    }
}
