namespace Proxy.Node.Tests.Integration;

/// <summary><c>proxy-node routers|services|errors</c>: the binary run as the CLI against a running node.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class InspectCliTests
{
    [Fact]
    public async Task ServicesRoutersErrors_AgainstARunningNode_TablesOfWhatItServes()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(a.Url))
            .Replace("  services:\n", "    broken:\n      rule: \"Bogus(`x`)\"\n      service: app\n  services:\n", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, "app");
        var api = $"--api=127.0.0.1:{node.ApiPort}";

        var (services, servicesExit) = await CliAsync("services", api);
        var (routers, routersExit) = await CliAsync("routers", api);
        var (errors, errorsExit) = await CliAsync("errors", api);

        Assert.Equal((0, 0, 0), (servicesExit, routersExit, errorsExit));
        var server = Assert.Single(services.Split('\n'), l => l.Contains(a.Url, StringComparison.Ordinal));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(server, @"^app@file\s+loadbalancer\s+enabled\s+http://127\.0\.0\.2:\d+\s+UP( \([^)]*\))?\s+0\s+file:\S+/dynamic\.yml\s+127\.0\.0\.1:\d+$"), server);
        Assert.Matches(@"(?m)^app@file\s+PathPrefix\(`/`\)\s+app(@file)?\s+web\s+enabled", routers);
        Assert.Matches(@"(?m)^broken@file\s+Bogus\(`x`\)\s+.*disabled\s+http\.routers\.broken\.rule: ", routers);
        Assert.Matches(@"(?m)^file\S*\s+http\.routers\.broken\.rule\s+\S", errors);
    }

    [Fact]
    public async Task Certificates_AgainstARunningNode_RowPerCertificateWithItsError()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(a.Url)) + "tls:\n  certificates:\n    - certFile: /nonexistent/shop.pem\n      keyFile: /nonexistent/shop.key\n";
        await using var node = await TestNode.StartAsync(yaml, "app");

        var (table, exit) = await CliAsync("certificates", $"--api=127.0.0.1:{node.ApiPort}");

        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^tls\.certificates\[0\]\s+file\s+disabled\s+tls\.certificates\[0\]\.certFile: cannot read '/nonexistent/shop\.pem': no such directory$", table);
        Assert.Matches(@"(?m)^generated default certificate\s+default\s+\S+\s+enabled$", table);
    }

    [Fact]
    public async Task Services_NoNodeListening_ExitOneNamingTheAddress()
    {
        var closed = new Uri(FreePort.ClosedUrl(1)).Authority;

        var (output, exit) = await CliAsync("services", $"--api={closed}");

        Assert.Equal(1, exit);
        Assert.Contains($"proxy-node services: cannot reach the node's API at {closed}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routers_UnknownOption_ExitTwoWithUsage()
    {
        var (output, exit) = await CliAsync("routers", "--bogus");

        Assert.Equal(2, exit);
        Assert.Contains("proxy-node routers: unknown option --bogus", output, StringComparison.Ordinal);
        Assert.Contains("usage: proxy-node routers", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the proxy-node binary as the CLI; what it printed (stdout and stderr) and its exit code.</summary>
    private static async Task<(string Output, int Exit)> CliAsync(params string[] args)
    {
        using var cli = NodeProcess.Start(args);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (cli.Output, exit);
    }
}
