using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The cluster variant of <see cref="ClientFailureHealthTests"/>: an ejection at one node is
/// shared with every node (SharedHealthActor), so client failures at one node must not eject the
/// servers anywhere. One cluster serves the classes, the bad requests going to a node that does
/// not own the servers (its provider did not declare them); a class that leaves a failure counted
/// fails, and the next class gets a fresh cluster, so that each class is judged on its own.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClientFailureClusterTests(ClientFailureClusterTests.Fixture cluster) : IClassFixture<ClientFailureClusterTests.Fixture>
{
    /// <summary>Longer than the shared health takes to carry an ejection to the other nodes (about a second).</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(3);

    public static TheoryData<string> Classes => ClientFailureHealthTests.Classes;

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task PassiveHealth_ClientCausedFailuresAtOneNode_ServersStayUpOnEveryNode(string name)
    {
        var failure = ClientFailure.All[name];
        var nodes = (await cluster.CleanAsync()).Nodes;

        for (var i = 0; i < ClientFailureHealthTests.BadRequests; i++)
        {
            Assert.Equal(failure.ExpectedStatus, await failure.PlayAsync(nodes[1].WebPort, cluster.A, cluster.B));
        }

        await StaysUp.AssertAsync([.. nodes.Select(n => n.Api)], "app", Watch, cluster.A.Url, cluster.B.Url);
        foreach (var node in nodes)
        {
            using var client = TestNode.NewClient(new Uri($"http://127.0.0.1:{node.WebPort}"));
            using var normal = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        }
    }

    /// <summary>Two backends and a three-node cluster with a passive health check, started once for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestBackend A { get; private set; } = null!;

        public TestBackend B { get; private set; } = null!;

        public InProcessCluster Nodes { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            A = await TestBackend.StartAsync("a", 2);
            B = await TestBackend.StartAsync("b", 3);
            Nodes = await StartNodesAsync();
        }

        /// <summary>
        /// The cluster as a fresh one is: every server UP with no failure counted on any node. One
        /// that an earlier class left otherwise is replaced, since counted failures stay in the
        /// window (and an ejection for the cooldown) and would fail every class after it.
        /// </summary>
        public async Task<InProcessCluster> CleanAsync()
        {
            foreach (var node in Nodes.Nodes)
            {
                var body = await node.Api.GetStringAsync("/api/http/services/app@file");
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.GetProperty("servers").EnumerateArray().Any(
                    s => s.GetProperty("status").GetString() != "UP" || s.GetProperty("failures").GetInt64() != 0))
                {
                    await Nodes.DisposeAsync();
                    Nodes = null!;
                    Nodes = await StartNodesAsync();
                    break;
                }
            }

            return Nodes;
        }

        public async Task DisposeAsync()
        {
            if (Nodes is not null)
            {
                await Nodes.DisposeAsync();
            }

            await A.DisposeAsync();
            await B.DisposeAsync();
        }

        private Task<InProcessCluster> StartNodesAsync() => InProcessCluster.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(A.Url, B.Url), loadBalancerExtra: ClientFailureHealthTests.PassiveHealth), "app", ClientFailureHealthTests.ShortTimeout);
    }
}
