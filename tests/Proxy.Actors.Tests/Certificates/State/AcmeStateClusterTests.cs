using Akka.Actor;
using Akka.DistributedData;
using Proxy.Actors.Certificates;
using Proxy.Actors.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Certificates.State.AcmeSamples;

namespace Proxy.Actors.Tests.Certificates.State;

/// <summary>
/// Three nodes, each with its ACME state actor and its own storage: what one node writes is held
/// by every reachable node when the write is answered, and reaches every node's file.
/// </summary>
[Collection(Name)]
public sealed class AcmeStateClusterTests : ClusterTestKit
{
    private const string File = "acme.json";

    private readonly (SharingNode Node, IActorRef Actor, MemoryAcmeStorage Storage)[] _nodes;

    public AcmeStateClusterTests(ITestOutputHelper output)
        : base(output)
    {
        _nodes = [.. new[] { A, B, C }.Select(node =>
        {
            var storage = new MemoryAcmeStorage();
            var actor = node.System.ActorOf(
                AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(File, "le"), storage, TimeProvider.System), "acme-state");
            return (node, actor, storage);
        })];
    }

    [Fact]
    public async Task PublishAcmeChallenge_AtA_AnsweredOnBAndCWhenWritten()
    {
        var answer = Http("shop.example.com", "tok-cluster");

        _nodes[0].Actor.Tell(new PublishAcmeChallenge(answer));

        // The write is answered once B and C answer it: a CA may validate at once.
        ExpectMsg<AcmeStateWritten>(Propagation);
        foreach (var (node, _, _) in _nodes[1..])
        {
            Assert.True(AcmeChallengeCell.Get(node.System).Current.TryAnswer("tok-cluster", "shop.example.com", out _), $"{node.Id} did not answer when the write was acknowledged");
            var local = await DistributedData.Get(node.System).Replicator
                .Ask<GetSuccess>(Dsl.Get(AcmeReplicationKeys.Challenges, ReadLocal.Instance), Propagation);
            Assert.True(local.Get(AcmeReplicationKeys.Challenges).ContainsKey(AcmeReplicationKeys.ChallengeId(answer)), $"{node.Id} did not hold the answer when the write was acknowledged");
        }

        _nodes[0].Actor.Tell(new WithdrawAcmeChallenge(answer));

        ExpectMsg<AcmeStateWritten>(Propagation);
        foreach (var (node, _, _) in _nodes)
        {
            AwaitAssert(() => Assert.False(AcmeChallengeCell.Get(node.System).Current.TryAnswer("tok-cluster", "shop.example.com", out _)), TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task PublishAcmeChallenge_AMemberUnreachable_WrittenToTheReachableOnesAtOnce()
    {
        // C stops without leaving: A's failure detector marks it unreachable after about 3 s.
        await C.System.Terminate();
        AwaitCondition(() => A.Cluster.State.Unreachable.Any(m => m.Address == C.Cluster.SelfAddress), Formation);
        var answer = Http("shop.example.com", "tok-partial");

        _nodes[0].Actor.Tell(new PublishAcmeChallenge(answer));

        // Waiting for C would last the whole timeout and fail the order; B holds it when A answers.
        ExpectMsg<AcmeStateWritten>(TimeSpan.FromSeconds(2));
        var local = await DistributedData.Get(B.System).Replicator
            .Ask<GetSuccess>(Dsl.Get(AcmeReplicationKeys.Challenges, ReadLocal.Instance), Propagation);
        Assert.True(local.Get(AcmeReplicationKeys.Challenges).ContainsKey(AcmeReplicationKeys.ChallengeId(answer)));
    }

    [Fact]
    public void StoreAcmeCertificate_AtA_ReachesEveryNodeAndItsFile()
    {
        var certificate = Certificate("le", "chain", Epoch.AddDays(90), "shop.example.com");
        var subscriber = CreateTestProbe(C.System);
        _nodes[2].Actor.Tell(new SubscribeAcmeState(subscriber.Ref));

        _nodes[0].Actor.Tell(new StoreAcmeAccount(Account("le", "account-key")));
        ExpectMsg<AcmeStateWritten>(Propagation);
        _nodes[0].Actor.Tell(new StoreAcmeCertificate(certificate));
        ExpectMsg<AcmeStateWritten>(Propagation);

        subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Length == 1 && s.Accounts.ContainsKey("le"), Propagation);
        foreach (var (_, _, storage) in _nodes)
        {
            AwaitAssert(
                () =>
                {
                    var file = storage[File];
                    Assert.NotNull(file);
                    Assert.True(AcmeCertificateOrder.Same(certificate, Assert.Single(file.Certificates)));
                    Assert.Equal("account-key", Assert.Single(file.Accounts).KeyPem);
                },
                Propagation);
        }
    }

    [Fact]
    public void Start_JoiningWithAnEmptyFile_FirstStateHoldsWhatTheClusterHas()
    {
        _nodes[0].Actor.Tell(new StoreAcmeCertificate(Certificate("le", "held", Epoch.AddDays(60), "shop.example.com")));
        ExpectMsg<AcmeStateWritten>(Propagation);
        var d = StartNode();
        AwaitUp(A, B, C, d);

        // An empty (or moved-aside) acme.json: the ordering actor must not take that for the cluster's state.
        var actor = d.System.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(File, "le"), new MemoryAcmeStorage(), TimeProvider.System), "acme-state");
        var subscriber = CreateTestProbe(d.System);
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));

        var first = subscriber.ExpectMsg<AcmeSharedState>(Propagation * 3);
        Assert.Equal("held", Assert.Single(first.Certificates).ChainPem);
    }

    [Fact]
    public void Start_NodesWithDifferentFiles_EveryNodeEndsWithTheNewestOfEach()
    {
        var storage = new MemoryAcmeStorage();
        storage.Put(File, new AcmeStorageContent([], [Certificate("le", "late", Epoch.AddDays(80), "shop.example.com")]));
        var d = StartNode();
        var subscriber = CreateTestProbe(A.System);
        _nodes[0].Actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        _nodes[0].Actor.Tell(new StoreAcmeCertificate(Certificate("le", "early", Epoch.AddDays(20), "shop.example.com")));
        ExpectMsg<AcmeStateWritten>(Propagation);

        d.System.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(File, "le"), storage, TimeProvider.System), "acme-state");

        subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Length == 1 && s.Certificates[0].ChainPem == "late", Propagation);
        foreach (var (_, _, each) in _nodes)
        {
            AwaitAssert(() => Assert.Equal("late", Assert.Single(each[File]!.Certificates).ChainPem), Propagation);
        }
    }
}
