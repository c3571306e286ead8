using System.Net;
using Proxy.Node.Cli;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// <c>--api.tls.certfile/.keyfile</c> with a real node: the API answers HTTPS only, and the CLI
/// reads it with <c>--api=https://…</c> and <c>--cacert</c>, refusing a certificate it cannot trust.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ApiHttpsTests
{
    [Fact]
    public async Task ClusterMembers_HttpsApiWithCaCert_ReadsTheNodeAndRefusesWithoutIt()
    {
        using var lab = new TlsLab();
        await lab.CaAsync("api");
        var dir = Path.Combine(lab.Directory, "api");
        Assert.Equal(0, await ClusterTlsCommand.RunAsync(["cluster", "tls", "issue", dir, "api-node", "--san=127.0.0.1"], TextWriter.Null, TextWriter.Null));
        var apiPort = FreePort.Next();
        using var node = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--api.tls.certfile={dir}/api-node.crt",
            $"--api.tls.keyfile={dir}/api-node.key",
        ]);

        var https = $"--api=https://127.0.0.1:{apiPort}";
        string? table = null;
        await Eventually.TrueAsync(async () => (table = await CliAsync(0, "cluster", "members", https, $"--cacert={dir}/ca.crt")) is not null, "the CLI over HTTPS\n" + node.Output, TimeSpan.FromSeconds(30));
        Assert.Contains(" Up ", table, StringComparison.Ordinal);

        // The machine's store does not know the CA; plain HTTP gets no answer from an HTTPS listener.
        Assert.Contains("cannot reach the node's API", await CliAsync(1, "cluster", "members", https), StringComparison.Ordinal);
        Assert.NotNull(await CliAsync(1, "cluster", "members", $"--api=127.0.0.1:{apiPort}"));
    }

    /// <summary>Runs the CLI; its output when it exited with <paramref name="expected"/>, else null.</summary>
    private static async Task<string?> CliAsync(int expected, params string[] args)
    {
        using var cli = NodeProcess.Start(args);
        return await cli.WaitForExitAsync(TimeSpan.FromSeconds(30)) == expected ? cli.Output : null;
    }
}
