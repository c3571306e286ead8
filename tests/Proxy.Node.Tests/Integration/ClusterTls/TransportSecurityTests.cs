using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// Secure by default, with real node processes: a transport off loopback without TLS does not
/// start; with <c>--cluster.insecure=true</c> it starts, warns, and the API says so.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TransportSecurityTests
{
    [Fact]
    public async Task Start_NonLoopbackTransportWithoutTls_ExitsTwoSayingHowToSetItUp()
    {
        using var node = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
            $"--api.address=127.0.0.1:{FreePort.Next()}",
            // Refused before anything binds: no port is opened on the machine's interfaces.
            "--cluster.hostname=0.0.0.0",
        ]);

        Assert.Equal(Proxy.Node.Hosting.ExitCodes.InvalidConfiguration, await node.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("proxy-node cluster tls init <dir>", node.Output, StringComparison.Ordinal);
        Assert.Contains("--cluster.insecure=true", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InsecureTransportOffLoopback_WarnsAndTheApiShowsItInsecure()
    {
        // A name, not a loopback IP or localhost, so the node must treat it as reachable from
        // elsewhere; it resolves to loopback only, so nothing listens off loopback.
        var hostname = await LoopbackAliasAsync();
        var apiPort = FreePort.Next();
        using var node = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{FreePort.Next()}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--cluster.hostname={hostname}",
            "--cluster.insecure=true",
        ]);
        using var api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
        await Eventually.TrueAsync(async () => (await api.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, "node Up", TimeSpan.FromSeconds(30));

        using var members = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        var transport = members.RootElement.GetProperty("transport");
        Assert.Equal("insecure", transport.GetProperty("security").GetString());
        Assert.Equal("akka.tcp", transport.GetProperty("protocol").GetString());
        Assert.Contains($"The cluster transport listens on {hostname} without TLS (--cluster.insecure=true)", node.Output, StringComparison.Ordinal);
    }

    /// <summary>A name from /etc/hosts, other than localhost, that resolves to loopback addresses only.</summary>
    private static async Task<string> LoopbackAliasAsync()
    {
        var names = (await File.ReadAllLinesAsync("/etc/hosts"))
            .Select(line => line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 1 && IPAddress.TryParse(fields[0], out var address) && IPAddress.IsLoopback(address))
            .SelectMany(fields => fields.Skip(1))
            .Where(name => !name.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("ip6-", StringComparison.OrdinalIgnoreCase));
        foreach (var name in names)
        {
            if ((await Dns.GetHostAddressesAsync(name)).All(IPAddress.IsLoopback))
            {
                return name;
            }
        }

        throw new InvalidOperationException("this test needs a name other than localhost that resolves to loopback only (an /etc/hosts alias of 127.0.0.1)");
    }
}
