using System.Net;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// Rotation with real node processes: a node restarted with a new certificate from the same CA
/// rejoins while the others keep running; a CA is replaced by the rolling procedure of
/// docs/cluster.md (both CAs trusted, new certificates, the old CA dropped) without the cluster
/// ever losing a member it should have, and after it the old CA's certificates are refused.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RotationTests
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(40);

    // A fresh process under a full CI run: start, re-execution, JIT and its first handshakes took over 40 s once.
    private static readonly TimeSpan LateRefusal = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Restart_NewCertificateThenNewCa_RejoinsWithoutTheOthersRestarting()
    {
        using var lab = new TlsLab();
        await lab.CaAsync("old", "n1", "n2", "n3", "n2-renewed", "late");
        string[] hosts = ["127.0.0.81", "127.0.0.82", "127.0.0.83"];
        var ports = hosts.Select(h => FreePort.Next(IPAddress.Parse(h))).ToArray();
        // Two seeds: a restarted first seed joins the second instead of forming a cluster of its own.
        var seeds = $"{hosts[0]}:{ports[0]},{hosts[1]}:{ports[1]}";
        var nodes = Enumerable.Range(0, 3).Select(i => lab.Start(hosts[i], ports[i], seeds, lab.Flags("old", $"n{i + 1}"))).ToArray();
        await AllUpAsync(nodes);

        // A renewed certificate from the same CA: only node 2 restarts.
        nodes[1] = await RestartAsync(lab, nodes[1], hosts[1], ports[1], seeds, lab.Flags("old", "n2-renewed"));
        await AllUpAsync(nodes);
        Assert.All(new[] { nodes[0], nodes[2] }, node => Assert.False(node.Process.HasExited, "a node that kept its certificate restarted"));

        // The rolling CA rotation: trust both, then present the new CA's certificates, then trust the new CA only.
        await lab.CaAsync("new", "n1", "n2", "n3");
        var both = lab.BundleOf("old", "new");
        string[] oldCerts = ["n1", "n2-renewed", "n3"];
        for (var i = 0; i < 3; i++)
        {
            nodes[i] = await RestartAsync(lab, nodes[i], hosts[i], ports[i], seeds, lab.Flags("old", oldCerts[i], both));
            await AllUpAsync(nodes);
        }

        for (var i = 0; i < 3; i++)
        {
            nodes[i] = await RestartAsync(lab, nodes[i], hosts[i], ports[i], seeds, lab.Flags("new", $"n{i + 1}", both));
            await AllUpAsync(nodes);
        }

        for (var i = 0; i < 3; i++)
        {
            nodes[i] = await RestartAsync(lab, nodes[i], hosts[i], ports[i], seeds, lab.Flags("new", $"n{i + 1}"));
            await AllUpAsync(nodes);
        }

        // The old CA is no longer trusted anywhere: its certificates stay out.
        var cluster = await TlsLab.MembersAsync(nodes[0].Api);
        var late = lab.Start("127.0.0.84", 0, seeds, lab.Flags("old", "late"));
        await Eventually.TrueAsync(() => late.Process.Output.Contains("not signed by the cluster's CA", StringComparison.Ordinal), "the old CA's node refused", LateRefusal);
        Assert.Equal(cluster, await TlsLab.MembersAsync(nodes[0].Api));
    }

    private static async Task<LabNode> RestartAsync(TlsLab lab, LabNode node, string host, int port, string seeds, string[] flags)
    {
        node.Process.SendSigterm();
        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return lab.Start(host, port, seeds, flags);
    }

    private static async Task AllUpAsync(LabNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await Eventually.TrueAsync(async () => (await TlsLab.MembersAsync(node.Api, upOnly: true)).Count == nodes.Length && (await TlsLab.MembersAsync(node.Api)).Count == nodes.Length, "all members Up\n" + node.Process.Output, Formation);
        }
    }
}
