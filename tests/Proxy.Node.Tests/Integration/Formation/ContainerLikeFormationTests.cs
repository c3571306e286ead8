using System.Net;
using System.Text.Json;
using Proxy.Node.Tests.Integration.Partition;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// Three nodes as <c>docker compose up --scale proxy=3</c> runs them: one network namespace each (made by the
/// test, 10.213.0.x on a bridge in a namespace of its own), every node given the very same flags
/// (<c>--cluster.hostname=0.0.0.0</c>, no public hostname, <c>dns:proxy:4040</c>), and a DNS server answering the
/// name with the three addresses. Each node must advertise the address the DNS gives for it and the three
/// must form one cluster. Needs root (skipped without, failing under CI=true).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ContainerLikeFormationTests
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(60);

    [NetnsFact]
    public async Task Start_SameFlagsBoundToEveryInterface_EachAdvertisesItsOwnAddressAndOneClusterForms()
    {
        NetworkLab.Require();
        using var lab = await NetworkLab.CreateAsync(3);
        using var dns = await DnsmasqServer.StartInNamespaceAsync(lab.Bridge, IPAddress.Parse(NetworkLab.BackendAddress), 5353);
        var name = $"proxy.{DnsmasqServer.Domain}";
        await dns.SetAsync(name, [.. Enumerable.Range(1, 3).Select(n => IPAddress.Parse(NetworkLab.NodeAddress(n)))]);
        string[] flags =
        [
            "--entrypoints.web.address=127.0.0.1:8000",
            "--api.address=127.0.0.1:8080",
            "--cluster.hostname=0.0.0.0",
            "--cluster.insecure=true",
            "--cluster.port=4040",
            $"--cluster.seeds=dns:{name}:4040",
            $"--cluster.dns.server={dns.EndPoint}",
        ];
        var nodes = Enumerable.Range(1, 3).Select(n => NodeProcess.StartInNamespace(lab.NodeNamespace(n), flags)).ToList();
        try
        {
            for (var n = 1; n <= 3; n++)
            {
                var ns = lab.NodeNamespace(n);
                var node = nodes[n - 1];
                try
                {
                    await Eventually.TrueAsync(
                        async () => (await NetworkLab.CurlAsync(ns, "http://127.0.0.1:8080/ready", TimeSpan.FromSeconds(2))).Status == 200,
                        $"node {n} ready", Formation);
                }
                catch (TimeoutException e)
                {
                    var (_, _, ready) = await NetworkLab.CurlAsync(ns, "http://127.0.0.1:8080/ready", TimeSpan.FromSeconds(2));
                    throw new TimeoutException($"{e.Message}: /ready said \"{ready}\"; its log:\n{node.Output}", e);
                }
            }

            var views = new List<(string Self, string[] Up, string? Leader)>();
            await Eventually.TrueAsync(
                async () =>
                {
                    views.Clear();
                    for (var n = 1; n <= 3; n++)
                    {
                        var (_, _, body) = await NetworkLab.CurlAsync(lab.NodeNamespace(n), "http://127.0.0.1:8080/cluster/members", TimeSpan.FromSeconds(2));
                        using var json = JsonDocument.Parse(body);
                        var root = json.RootElement;
                        views.Add((root.GetProperty("selfNode").GetString()!,
                            [.. root.GetProperty("members").EnumerateArray().Where(m => m.GetProperty("status").GetString() == "Up").Select(m => m.GetProperty("node").GetString()!).Order(StringComparer.Ordinal)],
                            root.GetProperty("leader").GetString()));
                    }

                    return views.All(v => v.Up.Length == 3 && v.Leader == views[0].Leader);
                },
                "three nodes seeing one cluster of three", Formation);

            Assert.Equal(Enumerable.Range(1, 3).Select(n => $"akka.tcp://proxy@{NetworkLab.NodeAddress(n)}:4040"), views.Select(v => v.Self));
            Assert.Equal($"akka.tcp://proxy@{NetworkLab.NodeAddress(1)}:4040", views[0].Leader);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.SendSigterm();
            }

            foreach (var node in nodes)
            {
                await node.WaitForExitAsync(TimeSpan.FromSeconds(30));
                node.Dispose();
            }
        }
    }
}
