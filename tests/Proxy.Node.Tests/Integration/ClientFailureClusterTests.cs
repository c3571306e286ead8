using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The cluster variant of <see cref="ClientFailureHealthTests"/>: an ejection at one node is
/// shared with every node (SharedHealthActor), so client failures at one node must not eject the
/// servers anywhere. One cluster serves every class, the bad requests going to a node that does
/// not own the servers (its provider did not declare them).
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
        var nodes = cluster.Nodes.Nodes;
        IReadOnlyList<HttpClient> apis = [.. nodes.Select(n => n.Api)];
        // The cluster serves every case: an earlier case's counted failure is not this one's.
        var before = await ServerHealthReading.ReadAsync(apis, "app");

        for (var i = 0; i < ClientFailureHealthTests.BadRequests; i++)
        {
            Assert.Equal(failure.ExpectedStatus, await failure.PlayAsync(nodes[1].WebPort));
        }

        await StaysUp.AssertAsync(apis, "app", Watch, before, cluster.A.Url, cluster.B.Url);
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
            Nodes = await InProcessCluster.StartAsync(
                Yaml.SingleRoute(Yaml.Servers(A.Url, B.Url), loadBalancerExtra: ClientFailureHealthTests.PassiveHealth), "app", ClientFailureHealthTests.ShortTimeout);
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
    }
}
