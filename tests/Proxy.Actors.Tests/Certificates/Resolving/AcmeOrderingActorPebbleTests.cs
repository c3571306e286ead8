using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Certificates.Acme;
using Proxy.Actors.Tests.Certificates.State;
using Proxy.Actors.Tests.Support;
using Proxy.Actors.Tls;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>
/// The ordering actor on a one-node cluster with the real replicated ACME state, against a real pebble
/// that validates HTTP-01 by fetching the answer the state put in the node's challenge cell.
/// </summary>
public sealed class AcmeOrderingActorPebbleTests : TestKit, IClassFixture<PebbleServer>
{
    private const string StorageFile = "/data/acme.json";
    private static readonly TimeSpan OrderWait = TimeSpan.FromSeconds(60);

    private readonly PebbleServer _pebble;
    private readonly MemoryAcmeStorage _storage = new();
    private readonly MovableTimeProvider _clock = new();
    private readonly AcmeRouterStatusCell _status = new();
    private readonly List<CaRequestCounter> _counters = [];

    public AcmeOrderingActorPebbleTests(PebbleServer pebble, ITestOutputHelper output)
        : base(Config(), output: output)
    {
        _pebble = pebble;
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == Akka.Cluster.MemberStatus.Up), TimeSpan.FromSeconds(10));
    }

    private int NewOrders => _counters.Sum(c => c.NewOrders);

    [PebbleFact]
    public async Task Order_RouterWithCertResolver_Http01CertificateStoredForItsHostAndChainingToPebble()
    {
        const string domain = "resolver-http01.acme.test";
        await using var responder = await ChallengeCellResponder.StartAsync(_pebble.HttpPort, AcmeChallengeCell.Get(Sys));
        var state = StartState();
        var subscriber = Subscribe(state);

        StartOrdering(state, Resolver());
        Configure(Router("shop@file", domain));

        var shared = subscriber.FishForMessage<AcmeSharedState>(s => !s.Certificates.IsEmpty, OrderWait);
        var stored = Assert.Single(shared.Certificates);
        Assert.Equal([domain], stored.Domains.ToArray());
        Assert.True(shared.Accounts.ContainsKey("pebble"), "the new account was not stored before the certificate");
        Assert.Equal(ClusterNode.Id(Akka.Cluster.Cluster.Get(Sys).SelfAddress), stored.OrderedBy);
        Assert.True(responder.Requests > 0, "pebble never fetched the HTTP-01 answer from the node");
        await AssertChainsToPebbleAsync(stored, domain);
        Assert.Equal(1, NewOrders);
        Assert.Empty(_status.Current);
    }

    [PebbleFact]
    public async Task Restart_CertificateInTheState_OrdersNothing()
    {
        const string domain = "resolver-restart.acme.test";
        await using var responder = await ChallengeCellResponder.StartAsync(_pebble.HttpPort, AcmeChallengeCell.Get(Sys));
        var state = StartState();
        var subscriber = Subscribe(state);
        var first = StartOrdering(state, Resolver());
        Configure(Router("shop@file", domain));
        subscriber.FishForMessage<AcmeSharedState>(s => !s.Certificates.IsEmpty, OrderWait);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        // A new incarnation (the singleton on another node, or the cluster restarted) reads the state first.
        StartOrdering(state, Resolver());
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, NewOrders);
        Assert.Single(Subscribe(state).ExpectMsg<AcmeSharedState>(OrderWait).Certificates);
    }

    [PebbleFact]
    public async Task Renewal_ClockMovedIntoTheLastThird_NewCertificateOrdered()
    {
        const string domain = "resolver-renew.acme.test";
        await using var responder = await ChallengeCellResponder.StartAsync(_pebble.HttpPort, AcmeChallengeCell.Get(Sys));
        var state = StartState();
        var subscriber = Subscribe(state);
        var settings = Resolver();
        StartOrdering(state, settings);
        Configure(Router("shop@file", domain));
        var first = Assert.Single(subscriber.FishForMessage<AcmeSharedState>(s => !s.Certificates.IsEmpty, OrderWait).Certificates);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, NewOrders);

        // Pebble's certificates last years: move to an hour inside the renewal window.
        _clock.Advance(first.NotAfter - _clock.GetUtcNow() - settings.RenewBefore + TimeSpan.FromHours(1));

        var renewed = subscriber.FishForMessage<AcmeSharedState>(s => s.Certificates.Any(c => c.ChainPem != first.ChainPem), OrderWait).Certificates.Single();
        Assert.Equal([domain], renewed.Domains.ToArray());
        Assert.True(NewOrders >= 2);
    }

    [PebbleFact]
    public async Task Order_ValidationFails_BacksOffShowsTheErrorOnTheRouterAndALaterSuccessClearsIt()
    {
        const string domain = "resolver-backoff.acme.test";
        await using var responder = await ChallengeCellResponder.StartAsync(_pebble.HttpPort, AcmeChallengeCell.Get(Sys));
        responder.Answering = false;
        var state = StartState();
        var subscriber = Subscribe(state);
        StartOrdering(state, Resolver(), new AcmeBackoff(TimeSpan.FromHours(1), TimeSpan.FromHours(4)));
        Configure(Router("shop@file", domain));

        AwaitAssert(() => Assert.Contains("certificate resolver pebble could not obtain a certificate for resolver-backoff.acme.test (1 failure in a row",
            Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), OrderWait);
        Assert.Contains("the router serves the default certificate", _status.Current["shop@file"][0], StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, NewOrders);

        responder.Answering = true;
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Single(subscriber.FishForMessage<AcmeSharedState>(s => !s.Certificates.IsEmpty, OrderWait).Certificates);
        AwaitAssert(() => Assert.Empty(_status.Current), TimeSpan.FromSeconds(5));
        Assert.Equal(2, NewOrders);
    }

    /// <summary>
    /// A write to the cluster's state failing before the CA issued anything (here the account, refused
    /// by a key-size limit the test sets; during a takeover, a write the changing membership did not
    /// confirm) is retried after seconds: nothing reached the CA's validation, so the minute of the
    /// regular back-off protects nothing.
    /// </summary>
    [PebbleFact]
    public void Order_StateWriteFailsBeforeIssuance_RetriedAfterSecondsNotTheMinuteBackoff()
    {
        const string domain = "resolver-state-retry.acme.test";
        var state = Sys.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default with { MaxKeyBytes = 200 }, MemoryAcmeStorage.Resolvers(StorageFile, "pebble"), _storage, TimeProvider.System));
        StartOrdering(state, Resolver());
        Configure(Router("shop@file", domain));

        AwaitAssert(() => Assert.Contains("(1 failure in a row", Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), OrderWait);
        Assert.Contains("account of resolver 'pebble' not stored", _status.Current["shop@file"][0], StringComparison.Ordinal);

        // The state back-off starts at 5 s (then 10 s): the second and third attempts come within 30 s, on the real clock.
        // The later attempts reuse the account key of the first and fail at the next write, the challenge answer's.
        AwaitAssert(() => Assert.Contains("(3 failures in a row", Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains($"challenge for {domain} not published", _status.Current["shop@file"][0], StringComparison.Ordinal);
    }

    [PebbleFact]
    public void Configure_RouterNamingAnUnknownResolver_ErrorOnTheRouterAndNoOrder()
    {
        var state = StartState();
        StartOrdering(state, Resolver());

        Configure(new TlsRouterDemand("shop@file", ["websecure"], new RouterTlsConfig("letsencrypt", [], null), ["unknown-resolver.acme.test"]));

        AwaitAssert(() => Assert.Equal(
            "router shop@file uses a nonexistent certificate resolver letsencrypt (configured: pebble); it serves the default certificate",
            Assert.Single(_status.Current["shop@file"])), TimeSpan.FromSeconds(5));
        Assert.Equal(0, NewOrders);
    }

    private AcmeResolverSettings Resolver() =>
        new("pebble", "ops@example.com", _pebble.DirectoryUrl, StorageFile, AcmeKeyType.EC256, "web", false, TimeSpan.FromDays(90), []);

    private static TlsRouterDemand Router(string name, string host) =>
        new(name, ["websecure"], new RouterTlsConfig("pebble", [], null), [host]);

    /// <summary>As the configuration actor publishes it: into the cell (for an actor not started yet) and on the event stream.</summary>
    private void Configure(params TlsRouterDemand[] routers)
    {
        var changed = new TlsConfigurationChanged(ValidatedTls.Empty, [.. routers]);
        TlsConfigurationCell.Get(Sys).Publish(changed);
        Sys.EventStream.Publish(changed);
    }

    private IActorRef StartState() =>
        Sys.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(StorageFile, "pebble"), _storage, TimeProvider.System));

    private Akka.TestKit.TestProbe Subscribe(IActorRef state)
    {
        var subscriber = CreateTestProbe();
        state.Tell(new SubscribeAcmeState(subscriber.Ref));
        return subscriber;
    }

    private IActorRef StartOrdering(IActorRef state, AcmeResolverSettings settings, AcmeBackoff? backoff = null)
    {
        var limits = AcmeOrderSettings.Default with { Backoff = backoff ?? AcmeOrderSettings.Default.Backoff };
        return Sys.ActorOf(AcmeOrderingActor.Props(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(settings.Name, settings)]),
            state,
            _ =>
            {
                var counter = new CaRequestCounter(AcmeCaTrust.CreateHandler([_pebble.ListenerCertificate]));
                _counters.Add(counter);
                return new HttpClient(counter) { Timeout = TimeSpan.FromSeconds(30) };
            },
            // As on a node: the singleton's problems reach the cell through the replicated register.
            Sys.ActorOf(AcmeRouterProblemsActor.Props(AcmeStateSettings.Default, _status)),
            ClusterNode.Id(Akka.Cluster.Cluster.Get(Sys).SelfAddress),
            limits,
            _clock));
    }

    private async Task AssertChainsToPebbleAsync(AcmeStoredCertificate stored, string domain)
    {
        using var root = await _pebble.RootAsync();
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(stored.ChainPem);
        using var leaf = X509Certificate2.CreateFromPem(stored.ChainPem, stored.KeyPem);
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(root);
        verify.ChainPolicy.ExtraStore.AddRange(chain);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verify.Build(leaf), string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.MatchesHostname(domain));
        Assert.True(leaf.HasPrivateKey);
    }

    private static Config Config() =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = INFO
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.hocon"))))
            .WithFallback(ClusterSerializationConfig.Config);
}
