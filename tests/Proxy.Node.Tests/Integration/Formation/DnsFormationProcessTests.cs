using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Proxy.Tests.Ports;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// The same formation with five real proxy-node processes started together, seen through each one's
/// /cluster/members: the try of <see cref="DnsFormationTests"/> that the in-process harness cannot be,
/// with the default stable margin of 5 s.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DnsFormationProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(60);

    [DnsmasqFact]
    public async Task Start_FiveProcessesAtTheSameMoment_FormOneClusterWithOneLeader()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"processes.{DnsmasqServer.Domain}";
        IPAddress[] addresses = [.. Enumerable.Range(41, 5).Select(i => IPAddress.Parse($"127.0.0.{i.ToString(CultureInfo.InvariantCulture)}"))];
        var port = TestPorts.Next(addresses[0]);
        await dns.SetAsync(name, addresses);
        var nodes = new List<(NodeProcess Process, HttpClient Api)>();
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var address in addresses)
            {
                var apiPort = FreePort.Next();
                var flags = FormingNode.Flags(address, $"dns:{name}:{port}", port, dns.EndPoint, apiPort, TimeSpan.FromSeconds(5))
                    .Where(f => !f.StartsWith("--cluster.bootstrap.stablemargin=", StringComparison.Ordinal));
                nodes.Add((NodeProcess.Start(flags), TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"))));
            }

            var views = new List<(string[] Up, string? Leader)>();
            try
            {
                foreach (var (_, api) in nodes)
                {
                    await Eventually.TrueAsync(async () => (await api.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, "every node ready", Formation);
                }

                await Eventually.TrueAsync(
                    async () =>
                    {
                        views.Clear();
                        foreach (var (_, api) in nodes)
                        {
                            views.Add(await ViewAsync(api));
                        }

                        return views.All(v => v.Up.Length == 5 && v.Up.SequenceEqual(views[0].Up) && v.Leader is not null && v.Leader == views[0].Leader);
                    },
                    "every node seeing the same five members and leader",
                    Formation);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}: {string.Join("; ", views.Select(v => $"[{string.Join(", ", v.Up)}] leader {v.Leader}"))}\n"
                    + string.Join("\n", nodes.Select(n => n.Process.Output)), e);
            }

            output.WriteLine($"five processes formed one cluster {clock.Elapsed.TotalSeconds:0.00} s after the first was started; leader {views[0].Leader}");
            Assert.Equal(addresses.Select(a => $"akka.tcp://proxy@{a}:{port}").Order(StringComparer.Ordinal), views[0].Up);
        }
        finally
        {
            foreach (var (process, api) in nodes)
            {
                api.Dispose();
                process.SendSigterm();
            }

            foreach (var (process, _) in nodes)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
                process.Dispose();
            }
        }
    }

    private static async Task<(string[] Up, string? Leader)> ViewAsync(HttpClient api)
    {
        using var members = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        var root = members.RootElement;
        return ([.. root.GetProperty("members").EnumerateArray()
                .Where(m => m.GetProperty("status").GetString() == "Up")
                .Select(m => m.GetProperty("node").GetString()!)
                .Order(StringComparer.Ordinal)],
            root.GetProperty("leader").GetString());
    }
}
