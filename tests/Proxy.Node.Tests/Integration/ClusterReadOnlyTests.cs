using Proxy.Node.Api;
using static Proxy.Node.Tests.Integration.ClusterRouteVariants;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// --management.readonly on a real node, on the API listener and on --management.address: leave
/// and down answer 403 however they are written unless a token is set or the option is false; the
/// read routes stay served.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClusterReadOnlyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mutations_NoTokenByDefault_403SayingHowToAllowThem(bool management)
    {
        await using var node = await ClusterApiNode.StartAsync(management);
        var failures = new List<string>();
        foreach (var variant in Mutations)
        {
            var response = await ClusterTokenTests.SendAsync(node, variant, null);
            var refused = variant.Routes
                ? response.Status == 403 && response.Body.Contains(ClusterReadOnlyFilter.Message, StringComparison.Ordinal)
                : response.Status == 404;
            if (!refused || FromHandler(response))
            {
                failures.Add($"{variant}: {response.Status} {response.Body} (expected {(variant.Routes ? "403 read-only" : "404")}, never the handler)");
            }
        }

        foreach (var variant in Reads)
        {
            var response = await ClusterTokenTests.SendAsync(node, variant, null);
            if (FromHandler(response) != variant.Routes)
            {
                failures.Add($"{variant}: {response.Status} {response.Body} (a read: expected {(variant.Routes ? "the handler" : "no route")})");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mutations_ReadOnlyFalse_ReachTheHandler(bool management)
    {
        await using var node = await ClusterApiNode.StartAsync(management, "--management.readonly=false");
        var failures = new List<string>();
        foreach (var variant in Mutations)
        {
            var response = await ClusterTokenTests.SendAsync(node, variant, null);
            if (FromHandler(response) != variant.Routes)
            {
                failures.Add($"{variant}: {response.Status} {response.Body} (expected {(variant.Routes ? "the handler" : "no route")})");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Mutations_TokenAndReadOnlyTrue_401WithoutAnd403WithTheToken()
    {
        await using var node = await ClusterApiNode.StartAsync(true, "--management.token=t0ken", "--management.readonly=true");
        var failures = new List<string>();
        foreach (var variant in Mutations.Where(v => v.Routes))
        {
            var anonymous = await ClusterTokenTests.SendAsync(node, variant, null);
            var authorised = await ClusterTokenTests.SendAsync(node, variant, "Bearer t0ken");
            if (anonymous.Status != 401 || authorised.Status != 403)
            {
                failures.Add($"{variant}: {anonymous.Status} without the token, {authorised.Status} {authorised.Body} with it (expected 401 and 403)");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Leave_ReadOnlyNode_CliPrintsHowToAllowAndExits1()
    {
        await using var node = await ClusterApiNode.StartAsync(false);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Proxy.Node.Cli.ClusterCommand.RunAsync(["cluster", "down", Stranger, $"--api=127.0.0.1:{node.ApiPort}"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("--management.readonly=false", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leave_SelfWithReadOnlyFalse_MemberLeaves()
    {
        await using var node = await ClusterApiNode.StartAsync(false, "--management.readonly=false");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var self = (await RawHttp.SendAsync(node.ApiPort, "GET", "/cluster/members", $"127.0.0.1:{node.ApiPort}")).Body;
        var address = System.Text.Json.JsonDocument.Parse(self).RootElement.GetProperty("selfNode").GetString()!;

        var exit = await Proxy.Node.Cli.ClusterCommand.RunAsync(["cluster", "leave", address, $"--api=127.0.0.1:{node.ApiPort}"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Leaving", output.ToString(), StringComparison.Ordinal);
        await Eventually.TrueAsync(
            async () => (await RawHttp.SendAsync(node.ApiPort, "GET", "/ready", $"127.0.0.1:{node.ApiPort}")).Status == 503,
            "the member no longer Up (/ready 503)");
    }
}
