using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Node.Acme;
using Proxy.Node.ClusterTls;
using Proxy.Node.Hosting;
using Proxy.Node.Tests.Integration;
using Xunit;

namespace Proxy.Node.Tests.Acme;

/// <summary>
/// The ACME state across three real nodes: a challenge published at one node is answered on the
/// others' entry points, and certificates survive a restart of the whole cluster from each node's
/// acme.json.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AcmeClusterTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly string _storage = Directory.CreateTempSubdirectory("acme-cluster-").FullName;

    public void Dispose() => Directory.Delete(_storage, recursive: true);

    [Fact]
    public async Task PublishAcmeChallenge_AtOneNode_AnsweredOnEveryOtherNodesEntryPoint()
    {
        await using var backend = await TestBackend.StartAsync("app", 2);
        // Node 1's resolver names its web entry point for HTTP-01; node 2 has no resolver. No router
        // asks for a certificate, so nothing is ordered and the CA address is never reached.
        await using var cluster = await InProcessCluster.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app", i => i == 1
            ?
            [
                "--certificatesresolvers.le.acme.caserver=https://127.0.0.1:9/directory",
                $"--certificatesresolvers.le.acme.storage={Path.Combine(_storage, "acme.json")}",
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web",
            ]
            : []);
        var answer = new AcmeChallengeAnswer("shop.example.com", AcmeChallenge.Http01, "hJ3kq_token-Abc", "hJ3kq_token-Abc.thumbprint");
        var acme = cluster.Systems[0].ActorSelection($"/user/{AcmeStateWiring.ActorName}");

        Assert.IsType<AcmeStateWritten>(await acme.Ask<object>(new PublishAcmeChallenge(answer), Wait));

        for (var i = 1; i < cluster.Nodes.Count; i++)
        {
            var node = cluster.Nodes[i];
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.WebPort}") };
            await Eventually.TrueAsync(
                async () => (await GetAsync(client, "shop.example.com", "/.well-known/acme-challenge/hJ3kq_token-Abc")).Status == HttpStatusCode.OK,
                $"challenge answered at :{node.WebPort}",
                TimeSpan.FromSeconds(2));
            var answered = await GetAsync(client, "shop.example.com:80", "/.well-known/acme-challenge/hJ3kq_token-Abc");
            Assert.Equal((HttpStatusCode.OK, "text/plain", "hJ3kq_token-Abc.thumbprint"), (answered.Status, answered.ContentType, answered.Body));
            // Unknown, hostile and misplaced tokens: Traefik's 404 on a resolver's challenge entry point
            // (node 1), the backend's answer elsewhere (node 2), so a backend's own HTTP-01 still works.
            var notOurs = i == 1 ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            foreach (var target in new[] { "/.well-known/acme-challenge/unknown", "/.well-known/acme-challenge/..%2F..%2Fetc%2Fpasswd", "/.well-known/acme-challenge/hJ3kq_token-Abc/x", $"/.well-known/acme-challenge/{new string('a', 4_000)}" })
            {
                Assert.Equal((target.Length, notOurs), (target.Length, (await GetAsync(client, "shop.example.com", target)).Status));
            }

            Assert.Equal(notOurs, (await GetAsync(client, "other.example.com", "/.well-known/acme-challenge/hJ3kq_token-Abc")).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "shop.example.com", "/")).Status);
        }

        Assert.IsType<AcmeStateWritten>(await acme.Ask<object>(new WithdrawAcmeChallenge(answer), Wait));
        foreach (var node in cluster.Nodes)
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.WebPort}") };
            await Eventually.TrueAsync(
                async () => (await GetAsync(client, "shop.example.com", "/.well-known/acme-challenge/hJ3kq_token-Abc")).Body != answer.KeyAuthorization,
                $"challenge withdrawn at :{node.WebPort}",
                TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task WholeClusterRestarted_FromEachNodesFile_StateBackAndFilesUnchanged()
    {
        var directory = Directory.CreateTempSubdirectory("acme-cluster-").FullName;
        try
        {
            var files = Enumerable.Range(0, 3).Select(i => Path.Combine(directory, $"node{i}", "acme.json")).ToArray();
            var certificate = new AcmeStoredCertificate(
                "le", ["shop.example.com"], TestCertificates.Chain, TestCertificates.Key, TestCertificates.NotAfter, "127.0.0.1:1", TestCertificates.NotAfter.AddDays(-90));
            var account = new AcmeStoredAccount("le", new Uri("https://ca.test/dir"), "ops@example.com", TestCertificates.AccountKey, new Uri("https://ca.test/acct/1"));

            var first = await StartAsync(files);
            try
            {
                Assert.IsType<AcmeStateWritten>(await first[0].Actor.Ask<object>(new StoreAcmeAccount(account), Wait));
                Assert.IsType<AcmeStateWritten>(await first[0].Actor.Ask<object>(new StoreAcmeCertificate(certificate), Wait));
                foreach (var file in files)
                {
                    await Eventually.TrueAsync(() => File.Exists(file) && File.ReadAllText(file).Contains("shop.example.com", StringComparison.Ordinal), $"{file} written", Wait);
                }
            }
            finally
            {
                await Task.WhenAll(first.Select(n => n.System.Terminate()));
            }

            var written = files.Select(File.ReadAllBytes).ToArray();
            var second = await StartAsync(files);
            try
            {
                foreach (var (_, actor) in second)
                {
                    // The first state a subscriber gets: each node has it back from its own file at once.
                    var state = await actor.Ask<AcmeSharedState>((IActorRef replyTo) => new SubscribeAcmeState(replyTo), Wait, CancellationToken.None);
                    Assert.True(AcmeCertificateOrder.Same(certificate, Assert.Single(state.Certificates)), $"{state.Certificates[0]}");
                    Assert.Equal(account, state.Accounts["le"]);
                }

                // Nothing to write: each file already held what the cluster holds.
                await Task.Delay(TimeSpan.FromSeconds(1));
                Assert.Equal(written, files.Select(File.ReadAllBytes).ToArray());
            }
            finally
            {
                await Task.WhenAll(second.Select(n => n.System.Terminate()));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(ActorSystem System, IActorRef Actor)[]> StartAsync(string[] files)
    {
        var seed = FreePort.Next();
        var nodes = new List<(ActorSystem, IActorRef)>();
        for (var i = 0; i < files.Length; i++)
        {
            var loaded = StaticConfigLoader.Load(
                [$"--cluster.port={(i == 0 ? seed : 0)}", $"--cluster.seeds=127.0.0.1:{seed}", "--log.level=WARN"],
                new Dictionary<string, string>());
            Assert.True(loaded.IsValid, loaded.RenderErrors());
            var system = ActorSystemFactory.Create(loaded.Config!);
            var actor = AcmeStateWiring.Start(
                system, [new AcmeResolverStorage("le", files[i], new Uri("https://ca.test/dir"))], ClusterTransportSecurityKind.LoopbackPlaintext, NullLogger.Instance);
            nodes.Add((system, actor));
        }

        foreach (var (system, _) in nodes)
        {
            await Eventually.TrueAsync(() => Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up) == files.Length, "members Up", TimeSpan.FromSeconds(30));
        }

        return [.. nodes];
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetAsync(HttpClient client, string host, string target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }
}
