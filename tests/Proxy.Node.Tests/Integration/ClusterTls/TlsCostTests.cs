using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// What mutual TLS costs the cluster: 1,000 routers and services written to node A's file are
/// served by node B through replication, with TLS off and on; the printed figures are the ones
/// in docs/cluster.md. The assertion is only the propagation target (docs/cluster.md), loosely.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TlsCostTests(ITestOutputHelper output)
{
    private const int Routers = 1000;
    private const int Rounds = 3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replication_ThousandRouters_ReachTheOtherNode(bool tls)
    {
        using var lab = new TlsLab();
        await lab.CaAsync("ca", "a", "b");
        await using var backend = await TestBackend.StartAsync("b", 1);
        var config = Path.Combine(lab.Directory, "dynamic.yml");
        await File.WriteAllTextAsync(config, Config(backend.Url, "warmup", 1));
        var seedPort = FreePort.Next(IPAddress.Parse("127.0.0.91"));
        var seed = $"127.0.0.91:{seedPort}";
        var a = lab.Start("127.0.0.91", seedPort, seed, [.. tls ? lab.Flags("ca", "a") : [], $"--providers.file.filename={config}"]);
        var b = lab.Start("127.0.0.92", 0, seed, tls ? lab.Flags("ca", "b") : []);
        await Eventually.TrueAsync(async () => await ServesAsync(b.Web, "warmup-0.example"), "node B serving the first route\n" + b.Process.Output, TimeSpan.FromSeconds(40));

        var figures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var prefix = $"r{round}";
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(config, Config(backend.Url, prefix, Routers));
            var atA = WhenServedAsync(a.Web, prefix, clock);
            var atB = WhenServedAsync(b.Web, prefix, clock);
            var (local, remote) = (await atA, await atB);
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"A {local.TotalMilliseconds:F0} ms, B {remote.TotalMilliseconds:F0} ms (+{(remote - local).TotalMilliseconds:F0})"));
            Assert.True(remote - local < TimeSpan.FromSeconds(5), $"node B served the routers {(remote - local).TotalMilliseconds} ms after node A");
        }

        output.WriteLine($"TLS {(tls ? "on" : "off")}, {Routers} routers: {string.Join("; ", figures)}");
    }

    /// <summary>When the first and last of a round's routers are both served.</summary>
    private static async Task<TimeSpan> WhenServedAsync(HttpClient web, string prefix, Stopwatch clock)
    {
        await Eventually.TrueAsync(
            async () => await ServesAsync(web, $"{prefix}-0.example") && await ServesAsync(web, $"{prefix}-{Routers - 1}.example"),
            $"the {prefix} routers served", TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }

    private static async Task<bool> ServesAsync(HttpClient web, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
        try
        {
            using var response = await web.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Config(string backendUrl, string prefix, int count)
    {
        var text = new StringBuilder("http:\n  routers:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {prefix}-{i}:\n      rule: \"Host(`{prefix}-{i}.example`)\"\n      service: {prefix}-{i}\n");
        }

        text.Append("  services:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {prefix}-{i}:\n      loadBalancer:\n        servers:\n          - url: {backendUrl}\n");
        }

        return text.ToString();
    }
}
