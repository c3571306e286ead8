using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Certificates;
using Proxy.Actors.Cluster;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Certificates.State.AcmeSamples;

namespace Proxy.Actors.Tests.Certificates.State;

/// <summary>
/// The ACME state actor on a one-node cluster over real DistributedData: writes are answered once
/// stored, subscribers see every change, the HTTP-01 answers reach the request path's cell, and the
/// storage files are read at start and written on change.
/// </summary>
public sealed class AcmeStateActorTests : TestKit
{
    private const string File = "/data/acme.json";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly MemoryAcmeStorage _storage = new();
    private readonly FakeTimeProvider _clock = new(Epoch);

    public AcmeStateActorTests(ITestOutputHelper output)
        : base(Config(), output: output)
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == Akka.Cluster.MemberStatus.Up), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void PublishAcmeChallenge_Written_SubscriberAndRequestPathSeeItUntilWithdrawn()
    {
        var actor = Start(AcmeStateSettings.Default, "le");
        var subscriber = CreateTestProbe();
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        Assert.Empty(subscriber.ExpectMsg<AcmeSharedState>(Wait).Challenges);
        var answer = Http("shop.example.com", "tok-1");

        actor.Tell(new PublishAcmeChallenge(answer));

        ExpectMsg<AcmeStateWritten>(Wait);
        Assert.Equal(answer, Assert.Single(subscriber.FishForMessage<AcmeSharedState>(s => !s.Challenges.IsEmpty, Wait).Challenges));
        AwaitAssert(() =>
        {
            Assert.True(AcmeChallengeCell.Get(Sys).Current.TryAnswer("tok-1", "SHOP.example.com", out var keyAuthorization));
            Assert.Equal("tok-1.thumbprint", keyAuthorization);
        });
        Assert.False(AcmeChallengeCell.Get(Sys).Current.TryAnswer("tok-1", "other.example.com", out _), "an answer was given for a name it was not published for");

        actor.Tell(new WithdrawAcmeChallenge(answer));

        ExpectMsg<AcmeStateWritten>(Wait);
        Assert.Empty(subscriber.FishForMessage<AcmeSharedState>(s => s.Challenges.IsEmpty, Wait).Challenges);
        AwaitAssert(() => Assert.False(AcmeChallengeCell.Get(Sys).Current.TryAnswer("tok-1", "shop.example.com", out _)));
        Assert.True(AcmeChallengeCell.Get(Sys).Current.Active, "with a resolver configured the challenge path stays answered (404), as in Traefik");
        Assert.Equal(0, _storage.Writes);
    }

    [Fact]
    public void StoreAcmeCertificate_Written_SubscriberSeesItAndTheFileHoldsIt()
    {
        var actor = Start(AcmeStateSettings.Default, "le");
        var subscriber = CreateTestProbe();
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        subscriber.ExpectMsg<AcmeSharedState>(Wait);
        var certificate = Certificate("le", "chain-1", Epoch.AddDays(90), "shop.example.com", "www.shop.example.com");
        var account = Account("le", "account-key");

        actor.Tell(new StoreAcmeAccount(account));
        ExpectMsg<AcmeStateWritten>(Wait);
        actor.Tell(new StoreAcmeCertificate(certificate));
        ExpectMsg<AcmeStateWritten>(Wait);

        var state = subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Length == 1 && s.Accounts.ContainsKey("le"), Wait);
        Assert.True(AcmeCertificateOrder.Same(certificate, state.Certificates[0]));
        Assert.Equal(account, state.Accounts["le"]);
        AwaitAssert(() =>
        {
            var file = _storage[File];
            Assert.NotNull(file);
            Assert.Equal(account, Assert.Single(file.Accounts));
            Assert.True(AcmeCertificateOrder.Same(certificate, Assert.Single(file.Certificates)));
        });
    }

    [Fact]
    public void StoreAcmeCertificate_ThenAnotherChallenge_StateWithTheChallengeHoldsTheCertificate()
    {
        var actor = Start(AcmeStateSettings.Default, "le");
        var subscriber = CreateTestProbe();
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        subscriber.ExpectMsg<AcmeSharedState>(Wait);
        var certificate = Certificate("le", "chain-1", Epoch.AddDays(90), "shop.example.com");

        // Another order's challenge, published before gossip could tell this node of its own write.
        actor.Tell(new StoreAcmeCertificate(certificate));
        actor.Tell(new PublishAcmeChallenge(Http("other.example.com", "tok-2")));

        var withChallenge = subscriber.FishForMessage<AcmeSharedState>(s => !s.Challenges.IsEmpty, Wait);
        Assert.True(AcmeCertificateOrder.Same(certificate, Assert.Single(withChallenge.Certificates)), "a state lacked the certificate this node had just written");
    }

    [Fact]
    public void StoreAcmeCertificate_SameNamesInAnotherOrder_ReplacesTheOlderOne()
    {
        var actor = Start(AcmeStateSettings.Default, "le");
        var subscriber = CreateTestProbe();
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        actor.Tell(new StoreAcmeCertificate(Certificate("le", "old", Epoch.AddDays(30), "a.example.com", "b.example.com")));
        ExpectMsg<AcmeStateWritten>(Wait);

        actor.Tell(new StoreAcmeCertificate(Certificate("le", "renewed", Epoch.AddDays(90), "B.example.com", "a.example.com")));
        ExpectMsg<AcmeStateWritten>(Wait);

        var state = subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Any(c => c.ChainPem == "renewed"), Wait);
        Assert.Equal("renewed", Assert.Single(state.Certificates).ChainPem);
    }

    [Fact]
    public void Start_FileHoldsState_StateAndClusterHaveItWithTheNewestCertificate()
    {
        var onFile = Certificate("le", "from-file", Epoch.AddDays(60), "shop.example.com");
        _storage.Put(File, new AcmeStorageContent([Account("le", "file-key")], [onFile]));
        var actor = Start(AcmeStateSettings.Default, "le");
        var subscriber = CreateTestProbe();

        actor.Tell(new SubscribeAcmeState(subscriber.Ref));

        var first = subscriber.ExpectMsg<AcmeSharedState>(Wait);
        Assert.Equal("from-file", Assert.Single(first.Certificates).ChainPem);
        Assert.Equal("file-key", first.Accounts["le"].KeyPem);

        // An older certificate for the same names loses to the file's; a newer one wins.
        actor.Tell(new StoreAcmeCertificate(Certificate("le", "older", Epoch.AddDays(10), "shop.example.com")));
        ExpectMsg<AcmeStateWritten>(Wait);
        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(700));
        actor.Tell(new StoreAcmeCertificate(Certificate("le", "newer", Epoch.AddDays(80), "shop.example.com")));
        ExpectMsg<AcmeStateWritten>(Wait);
        Assert.Equal("newer", Assert.Single(subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Any(c => c.ChainPem == "newer"), Wait).Certificates).ChainPem);

        // A resolver's account replaces the one read from the file.
        actor.Tell(new StoreAcmeAccount(Account("le", "new-key")));
        ExpectMsg<AcmeStateWritten>(Wait);
        subscriber.FishForMessage<AcmeSharedState>(s => s.Accounts["le"].KeyPem == "new-key", Wait);
        AwaitAssert(() => Assert.Equal("new-key", Assert.Single(_storage[File]!.Accounts).KeyPem));
    }

    [Fact]
    public void Start_FileUnreadable_ErrorShownNodeServesAndTheFileIsNeverWritten()
    {
        _storage.MakeUnreadable(File, "cannot be read: permission denied");
        var actor = Start(AcmeStateSettings.Default, "le");

        actor.Tell(new StoreAcmeCertificate(Certificate("le", "chain", Epoch.AddDays(90), "shop.example.com")));

        ExpectMsg<AcmeStateWritten>(Wait);
        var error = Assert.Single(AcmeStorageErrorsCell.Get(Sys).Current);
        Assert.Equal(new Proxy.Actors.Model.ConfigError("acme", $"storage {File}", "cannot be read: permission denied"), error);
        Assert.Equal(0, _storage.Writes);
    }

    [Fact]
    public void StoreAcmeCertificate_OverTheKeyLimit_RefusedNamingTheLimit()
    {
        var actor = Start(AcmeStateSettings.Default with { MaxKeyBytes = 1_000 }, "le");

        actor.Tell(new StoreAcmeCertificate(Certificate("le", new string('c', 2_000), Epoch.AddDays(90), "shop.example.com")));

        var refused = ExpectMsg<AcmeStateWriteFailed>(Wait);
        Assert.Contains("over the 1000-byte limit of one replicated key", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("shop.example.com", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChallengeNeverWithdrawn_AfterItsLifetime_RemovedEverywhere()
    {
        var actor = Start(AcmeStateSettings.Default with { ChallengeLifetime = TimeSpan.FromMinutes(10) }, "le");
        var subscriber = CreateTestProbe();
        actor.Tell(new SubscribeAcmeState(subscriber.Ref));
        actor.Tell(new PublishAcmeChallenge(Http("shop.example.com", "orphan")));
        ExpectMsg<AcmeStateWritten>(Wait);
        subscriber.FishForMessage<AcmeSharedState>(s => !s.Challenges.IsEmpty, Wait);

        _clock.Advance(TimeSpan.FromMinutes(12));
        _clock.Advance(TimeSpan.FromMinutes(3));

        subscriber.FishForMessage<AcmeSharedState>(s => s.Challenges.IsEmpty, Wait);
    }

    private IActorRef Start(AcmeStateSettings settings, params string[] resolvers) =>
        Sys.ActorOf(AcmeStateActor.Props(settings, MemoryAcmeStorage.Resolvers(File, resolvers), _storage, _clock));

    private static Config Config() =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = INFO
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """)
            .WithFallback(ConfigurationFactory.ParseString(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.hocon"))))
            .WithFallback(ClusterSerializationConfig.Config);
}
