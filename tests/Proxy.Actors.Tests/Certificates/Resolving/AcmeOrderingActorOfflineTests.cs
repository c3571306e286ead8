using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Certificates.State;
using Proxy.Actors.Tests.Support;
using Proxy.Actors.Tests.Tls;
using Proxy.Actors.Tls;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>
/// The ordering actor's decisions on a one-node cluster with the real replicated ACME state, fed a
/// certificate the test stored: no CA is needed to see whether an order starts. The CA's address refuses
/// connections, so an order fails at its first request; the test counts the resolver's HTTP clients
/// (one per resolver, made at its first order) and the requests they send.
/// </summary>
public sealed class AcmeOrderingActorOfflineTests : TestKit
{
    private const string StorageFile = "/data/acme.json";
    private const string Domain = "short-lived.acme.test";

    private readonly MemoryAcmeStorage _storage = new();
    private readonly MovableTimeProvider _clock = new();
    private readonly AcmeRouterStatusCell _status = new();
    private int _ordersStarted;
    private int _requests;

    public AcmeOrderingActorOfflineTests(ITestOutputHelper output)
        : base(Config(), output: output)
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == Akka.Cluster.MemberStatus.Up), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reconsider_SixDayCertificateAgainstTheNinetyDayDefault_NotOrderedUntilAThirdOfItsLifeIsLeft()
    {
        // A CA issuing 6-day certificates: issued a day ago, 5 days left, far less than a third of 90 days.
        var now = _clock.GetUtcNow();
        using var issued = TestCertificates.Rsa("CN=" + Domain, [Domain], notAfter: now.AddDays(5), notBefore: now.AddDays(-1));
        Store(issued);
        var state = StartState();

        StartOrdering(state);
        Configure();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, Volatile.Read(ref _ordersStarted));

        // Renewed with a third of its 6 days left: 2 days before it ends, not before.
        _clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Volatile.Read(ref _ordersStarted));
        _clock.Advance(TimeSpan.FromHours(2));
        AwaitCondition(() => Volatile.Read(ref _ordersStarted) == 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Configure_FailedDemandLeavesAndReturnsWithinItsBackoff_NotOrderedBeforeItsRetryAt()
    {
        var state = StartState();
        StartOrdering(state, new AcmeBackoff(TimeSpan.FromHours(1), TimeSpan.FromHours(4)));
        Configure();
        AwaitAssert(() => Assert.Contains("(1 failure in a row", Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        var afterFirst = Volatile.Read(ref _requests);
        Assert.True(afterFirst > 0, "the first order sent nothing to the CA");

        // A crash-looping container: its router leaves the configuration and comes back, twice.
        for (var i = 0; i < 2; i++)
        {
            Configure(withRouter: false);
            AwaitAssert(() => Assert.Empty(_status.Current), TimeSpan.FromSeconds(5));
            Configure();
            AwaitAssert(() => Assert.Contains("(1 failure in a row", Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(afterFirst, Volatile.Read(ref _requests));

        // Past its retry time the back-off goes on from the failures seen: the next one is the second in a row.
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Contains("(2 failures in a row", Assert.Single(_status.Current["shop@file"]), StringComparison.Ordinal), TimeSpan.FromSeconds(15));
    }

    private void Store(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        _storage.Put(StorageFile, new AcmeStorageContent([],
        [
            new AcmeStoredCertificate("ca", [Domain], certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate),
                certificate.NotAfter.ToUniversalTime(), "node-a", certificate.NotBefore.ToUniversalTime()),
        ]));

    private static AcmeResolverSettings Resolver() =>
        new("ca", "ops@example.com", new Uri("http://127.0.0.1:9/dir"), StorageFile, AcmeKeyType.EC256, "web", false, AcmeResolverSettings.DefaultCertificatesDuration, []);

    /// <summary>As the configuration actor publishes it; <paramref name="withRouter"/> false: the router left (its container stopped).</summary>
    private void Configure(bool withRouter = true)
    {
        var changed = new TlsConfigurationChanged(ValidatedTls.Empty,
            withRouter ? [new TlsRouterDemand("shop@file", ["websecure"], new RouterTlsConfig("ca", [], null), [Domain])] : []);
        TlsConfigurationCell.Get(Sys).Publish(changed);
        Sys.EventStream.Publish(changed);
    }

    private IActorRef StartState() =>
        Sys.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(StorageFile, "ca"), _storage, TimeProvider.System));

    private IActorRef StartOrdering(IActorRef state, AcmeBackoff? backoff = null)
    {
        var settings = Resolver();
        return Sys.ActorOf(AcmeOrderingActor.Props(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(settings.Name, settings)]),
            state,
            _ =>
            {
                Interlocked.Increment(ref _ordersStarted);
                return new HttpClient(new RequestCounter(() => Interlocked.Increment(ref _requests))) { Timeout = TimeSpan.FromSeconds(5) };
            },
            // As on a node: the singleton's problems reach the cell through the replicated register.
            Sys.ActorOf(AcmeRouterProblemsActor.Props(AcmeStateSettings.Default, _status)),
            ClusterNode.Id(Akka.Cluster.Cluster.Get(Sys).SelfAddress),
            AcmeOrderSettings.Default with { Backoff = backoff ?? AcmeBackoff.Default },
            _clock));
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

    private sealed class RequestCounter(Action counted) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counted();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
