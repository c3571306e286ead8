using System.Diagnostics;
using System.Globalization;
using System.Net;
using Proxy.Tests.Ports;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// Clusters formed through <c>--cluster.seeds=dns:&lt;name&gt;:&lt;port&gt;</c> against a real dnsmasq on loopback
/// that answers with each node's own 127.0.0.x: nodes started at the same moment form exactly one cluster,
/// a node started later joins it, and a name that does not resolve keeps a node unready with the reason.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DnsFormationTests(ITestOutputHelper output)
{
    /// <summary>Short, to keep twenty tries affordable; the rule is the same at the default 5 s.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    private static IPAddress Loopback(int last) => IPAddress.Parse($"127.0.0.{last.ToString(CultureInfo.InvariantCulture)}");

    [DnsmasqFact]
    public async Task StartAsync_FiveNodesAtTheSameMoment_FormExactlyOneClusterInTwentyTries()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var times = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var name = $"five{attempt.ToString(CultureInfo.InvariantCulture)}.{DnsmasqServer.Domain}";
            IPAddress[] addresses = [.. Enumerable.Range(11, 5).Select(Loopback)];
            var port = TestPorts.Next(addresses[0]);
            await dns.SetAsync(name, addresses);

            var clock = Stopwatch.StartNew();
            // Composed in parallel: each node's formation starts with its actor system, so they all look the name up together.
            var starting = addresses.Select(a => Task.Run(() => FormingNode.StartAsync(a, $"dns:{name}:{port}", port, dns.EndPoint, Margin))).ToList();
            try
            {
                var nodes = await Task.WhenAll(starting);
                await FormingNode.OneClusterAsync(nodes, Formation);
                times.Add(clock.Elapsed);
                output.WriteLine($"try {attempt}: one cluster of five after {clock.Elapsed.TotalSeconds:0.00} s, leader {nodes[0].View().Leader}");
                foreach (var node in nodes)
                {
                    Assert.Equal(HttpStatusCode.OK, (await node.ReadyAsync()).Status);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"try {attempt} of 20: {e.Message}", e);
            }
            finally
            {
                // After a failed start the others may still be starting: wait for every one (WhenAny does not
                // rethrow, the failure is already the test's), then dispose each node that did start.
                await Task.WhenAny(Task.WhenAll(starting));
                await Task.WhenAll(starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask()));
            }
        }

        output.WriteLine($"20 of 20 tries formed one cluster of five; start to one cluster: min {times.Min().TotalSeconds:0.00} s, "
            + $"median {times.Order().ElementAt(times.Count / 2).TotalSeconds:0.00} s, max {times.Max().TotalSeconds:0.00} s (stable margin {Margin.TotalSeconds} s)");
    }

    [DnsmasqFact]
    public async Task StartAsync_NodeStartedLaterWithItsRecordAdded_JoinsTheExistingCluster()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"later.{DnsmasqServer.Domain}";
        IPAddress[] first = [Loopback(21), Loopback(22), Loopback(23)];
        var port = TestPorts.Next(first[0]);
        await dns.SetAsync(name, first);
        var nodes = new List<FormingNode>();
        try
        {
            foreach (var address in first)
            {
                nodes.Add(await FormingNode.StartAsync(address, $"dns:{name}:{port}", port, dns.EndPoint, Margin));
            }

            await FormingNode.OneClusterAsync(nodes, Formation);
            var leader = nodes[0].View().Leader;

            // The new node is the lowest address of the new set: it must still join, not form a cluster of its own.
            await dns.SetAsync(name, [.. first, Loopback(20)]);
            var clock = Stopwatch.StartNew();
            var late = await FormingNode.StartAsync(Loopback(20), $"dns:{name}:{port}", port, dns.EndPoint, Margin);
            nodes.Add(late);

            await FormingNode.OneClusterAsync(nodes, Formation);
            output.WriteLine($"the later node joined after {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal(HttpStatusCode.OK, (await late.ReadyAsync()).Status);
            Assert.Equal(4, late.View().Up.Length);
            Assert.NotNull(leader);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }

    [DnsmasqFact]
    public async Task StartAsync_LowestNodeRestarted_RejoinsTheClusterTheOthersKept()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"restart.{DnsmasqServer.Domain}";
        IPAddress[] addresses = [Loopback(25), Loopback(26), Loopback(27)];
        var port = TestPorts.Next(addresses[0]);
        await dns.SetAsync(name, addresses);
        var nodes = new List<FormingNode>();
        try
        {
            foreach (var address in addresses)
            {
                nodes.Add(await FormingNode.StartAsync(address, $"dns:{name}:{port}", port, dns.EndPoint, Margin));
            }

            await FormingNode.OneClusterAsync(nodes, Formation);

            // The lowest address, which formed the cluster, leaves and comes back on the same address: its
            // records never changed, yet it must join the two that kept the cluster rather than form one again.
            await nodes[0].DisposeAsync();
            nodes.RemoveAt(0);
            await FormingNode.OneClusterAsync(nodes, Formation);
            var clock = Stopwatch.StartNew();
            nodes.Insert(0, await FormingNode.StartAsync(addresses[0], $"dns:{name}:{port}", port, dns.EndPoint, Margin));

            await FormingNode.OneClusterAsync(nodes, Formation);
            output.WriteLine($"the restarted lowest node rejoined after {clock.Elapsed.TotalSeconds:0.00} s");
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }

    [DnsmasqFact]
    public async Task StartAsync_NameDoesNotResolve_NotReadyWithTheReasonUntilTheRecordAppears()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"missing.{DnsmasqServer.Domain}";
        var port = TestPorts.Next(Loopback(31));
        // One replica: it forms a cluster alone once its record appears, which it does only when told to.
        await using var node = await FormingNode.StartAsync(Loopback(31), $"dns:{name}:{port}", port, dns.EndPoint, Margin, "--cluster.bootstrap.requiredcontactpoints=1");

        var expected = $"cluster formation through dns:{name}:{port}: {name} does not exist (NXDOMAIN) at {dns.EndPoint}";
        await Eventually.TrueAsync(async () => (await node.ReadyAsync()).Body.Contains(expected, StringComparison.Ordinal), "/ready naming the name and the server");
        // Still retrying, still not ready, well past the stable margin.
        await Task.Delay(Margin * 3);
        var (status, body) = await node.ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("not ready: this member is ", body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        await dns.SetAsync(name, Loopback(31));

        await Eventually.TrueAsync(async () => (await node.ReadyAsync()).Status == HttpStatusCode.OK, "ready once the record appears", Formation);
        output.WriteLine($"ready {clock.Elapsed.TotalSeconds:0.00} s after the record appeared");
        Assert.Equal([node.Cluster.SelfAddress.ToString()], node.View().Up);
    }

    [DnsmasqFact]
    public async Task StartAsync_OnlyItselfInTheRecordsByDefault_FormsNothingAloneThenOneClusterWithTheSecond()
    {
        // A DNS that lists the second replica late: the first, seeing only itself for many margins, must not form
        // a cluster of its own that the second would then form beside (formed clusters never merge).
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"alone.{DnsmasqServer.Domain}";
        var port = TestPorts.Next(Loopback(35));
        await dns.SetAsync(name, Loopback(35));
        var nodes = new List<FormingNode>();
        try
        {
            nodes.Add(await FormingNode.StartAsync(Loopback(35), $"dns:{name}:{port}", port, dns.EndPoint, Margin));
            var first = nodes[0];
            await Eventually.TrueAsync(
                async () => (await first.ReadyAsync()).Body.Contains("1 of the 2 addresses required to form a new cluster answered", StringComparison.Ordinal),
                "/ready saying too few addresses answered");
            // Still not formed, well past the stable margin.
            await Task.Delay(Margin * 3);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await first.ReadyAsync()).Status);
            Assert.Empty(first.View().Up);

            await dns.SetAsync(name, [Loopback(35), Loopback(36)]);
            nodes.Add(await FormingNode.StartAsync(Loopback(36), $"dns:{name}:{port}", port, dns.EndPoint, Margin));

            await FormingNode.OneClusterAsync(nodes, Formation);
            Assert.Equal(HttpStatusCode.OK, (await first.ReadyAsync()).Status);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }

    [DnsmasqFact]
    public async Task StartAsync_TwoNodesThatEachFormedAloneWithOneRequired_StaySplitOnceTheySeeEachOther()
    {
        // What the default of two guards against (docs/cluster.md): clusters formed apart never merge.
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"split.{DnsmasqServer.Domain}";
        var port = TestPorts.Next(Loopback(37));
        var nodes = new List<FormingNode>();
        try
        {
            foreach (var address in new[] { Loopback(37), Loopback(38) })
            {
                await dns.SetAsync(name, address);
                var node = await FormingNode.StartAsync(address, $"dns:{name}:{port}", port, dns.EndPoint, Margin, "--cluster.bootstrap.requiredcontactpoints=1");
                nodes.Add(node);
                await FormingNode.OneClusterAsync([node], Formation);
            }

            await dns.SetAsync(name, [Loopback(37), Loopback(38)]);
            // Several margins with both records: each still a cluster of one.
            await Task.Delay(Margin * 5);

            Assert.All(nodes, n => Assert.Equal([n.Cluster.SelfAddress.ToString()], n.View().Up));
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }

    [DnsmasqFact]
    public async Task StartAsync_DnsServerDown_NotReadyNamingTheServer()
    {
        // A port nothing listens on: the lookups fail at once or time out, and /ready says which server and name.
        var silent = new IPEndPoint(IPAddress.Loopback, TestPorts.NextTcpAndUdp(IPAddress.Loopback));
        var name = $"down.{DnsmasqServer.Domain}";
        var port = TestPorts.Next(Loopback(32));
        await using var node = await FormingNode.StartAsync(Loopback(32), $"dns:{name}:{port}", port, silent, Margin);

        await Eventually.TrueAsync(
            async () => (await node.ReadyAsync()) is { Status: HttpStatusCode.ServiceUnavailable } ready
                && ready.Body.Contains(name, StringComparison.Ordinal) && ready.Body.Contains(silent.ToString(), StringComparison.Ordinal),
            "/ready naming the server that does not answer");
        output.WriteLine((await node.ReadyAsync()).Body);
    }
}
