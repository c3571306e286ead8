using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Proxy.Node.ClusterTls;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// Mutual TLS on the cluster transport with real node processes on 127.0.0.x: nodes with
/// certificates from the cluster's CA form a cluster and replicate routes; a node of another CA,
/// a TLS client without a certificate and a plain-TCP node never become members of it, while
/// the members keep serving under load.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class MutualTlsClusterTests
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Seeds_ThreeNodesOfOneCa_FormAClusterThatStrangersNeverJoin()
    {
        using var lab = new TlsLab();
        lab.CaSince("ca", DateTimeOffset.UtcNow.AddDays(-60));
        await lab.CaAsync("ca", "n1", "n2", "n3");
        await lab.CaAsync("other", "x");
        await using var backend = await TestBackend.StartAsync("b", 1);
        var config = Path.Combine(lab.Directory, "dynamic.yml");
        await File.WriteAllTextAsync(config, Yaml.SingleRoute(Yaml.Servers(backend.Url)));
        var seedPort = FreePort.Next(IPAddress.Parse("127.0.0.61"));
        var seed = $"127.0.0.61:{seedPort}";
        // Node 1 alone has the route: the others serve it only through replication over TLS.
        var members = new[]
        {
            lab.Start("127.0.0.61", seedPort, seed, [.. lab.Flags("ca", "n1"), $"--providers.file.filename={config}", "--providers.file.watch=false"]),
            lab.Start("127.0.0.62", 0, seed, lab.Flags("ca", "n2")),
            lab.Start("127.0.0.63", 0, seed, lab.Flags("ca", "n3")),
        };
        foreach (var node in members)
        {
            await Eventually.TrueAsync(async () => (await TlsLab.MembersAsync(node.Api, upOnly: true)).Count == 3, "three members Up\n" + node.Process.Output, Formation);
            await Eventually.TrueAsync(() => TlsLab.ServesAsync(node.Web), "the replicated route served", Formation);
            Assert.Equal("akka.ssl.tcp mutual-tls", await TlsLab.SecurityAsync(node.Api));
        }

        var cluster = await TlsLab.MembersAsync(members[0].Api);
        Assert.All(cluster, address => Assert.StartsWith("akka.ssl.tcp://proxy@127.0.0.6", address, StringComparison.Ordinal));

        var loads = members.Select(node => LoadRun.Start(node.Web, "/", 1_000_000, 2, TimeSpan.FromSeconds(20), out var running) is var run ? (run, running) : default).ToList();

        // Another CA's node (trusting its own CA, so that it starts), and a node without TLS.
        var stranger = lab.Start("127.0.0.64", 0, seed, lab.Flags("other", "x"));
        var plain = lab.Start("127.0.0.65", 0, seed, []);
        var withoutCertificate = HandshakeAsync(IPAddress.Parse("127.0.0.61"), seedPort, null);
        // An expired certificate of the cluster's own CA, which no node would start with, presented by hand.
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(lab.Directory, "ca", "ca.crt"), Path.Combine(lab.Directory, "ca", "ca.key"));
        using var expired = ClusterCertificateAuthority.IssueNode(ca, "expired", [], new Proxy.Node.Tests.ClusterTls.FixedTime(DateTimeOffset.UtcNow.AddDays(-30)), TimeSpan.FromDays(1));
        var withExpired = HandshakeAsync(IPAddress.Parse("127.0.0.61"), seedPort, expired);
        // The other CA's node gives up at n1's certificate before sending its own (TLS 1.3), so n1
        // meets that certificate only from a client that accepts n1's and presents it.
        using var foreign = X509Certificate2.CreateFromPemFile(Path.Combine(lab.Directory, "other", "x.crt"), Path.Combine(lab.Directory, "other", "x.key"));
        var withForeign = HandshakeAsync(IPAddress.Parse("127.0.0.61"), seedPort, foreign);

        var watched = TimeSpan.FromSeconds(15);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < watched; await Task.Delay(500))
        {
            foreach (var node in members)
            {
                Assert.Equal(cluster, await TlsLab.MembersAsync(node.Api));
            }
        }

        Assert.True(await withoutCertificate, "a TLS client without a certificate was not cut off");
        Assert.True(await withExpired, "a TLS client with an expired certificate was not cut off");
        Assert.True(await withForeign, "a TLS client with another CA's certificate was not cut off");
        Assert.Contains("certificate CN=expired (issuer CN=Proxy cluster CA", members[0].Process.Output, StringComparison.Ordinal);
        Assert.Contains("expired or not yet valid", members[0].Process.Output, StringComparison.Ordinal);
        foreach (var (run, running) in loads)
        {
            await running;
            Assert.True(run.Completed > 100, run.Describe());
            Assert.Equal(0, run.Failures);
        }

        // The refusals are logged by the node refusing, with the peer and the reason.
        Assert.Contains("Refused cluster peer", members[0].Process.Output, StringComparison.Ordinal);
        Assert.Contains("(issuer CN=Proxy cluster CA", members[0].Process.Output, StringComparison.Ordinal);
        Assert.Contains("not signed by the cluster's CA", members[0].Process.Output, StringComparison.Ordinal);
        Assert.Empty((await TlsLab.MembersAsync(plain.Api)).Intersect(cluster));

        // The plain-TCP node retried its seed every 5 s while watched; Akka's lines about it are rate-limited.
        var rejections = members[0].Process.Output.Split('\n').Count(line => line.Contains("Rejected incoming connection", StringComparison.Ordinal));
        Assert.InRange(rejections, 1, 2);
    }

    /// <summary>
    /// Opens TLS to the transport presenting <paramref name="certificate"/> (or none); true when the
    /// node cuts the connection off (handshake refused, or closed right after it) within 10 s.
    /// </summary>
    private static async Task<bool> HandshakeAsync(IPAddress address, int port, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address, port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "n1", ClientCertificates = certificate is null ? null : [certificate] },
                timeout.Token);
            // TLS 1.3 reports the server's refusal of the client only on the first read.
            var read = await tls.ReadAsync(new byte[16], timeout.Token);
            return read == 0;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
