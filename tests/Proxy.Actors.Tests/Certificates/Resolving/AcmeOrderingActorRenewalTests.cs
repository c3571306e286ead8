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
/// The ordering actor's renewal decisions on a one-node cluster with the real replicated ACME state,
/// fed a certificate the test stored: no CA is needed to see whether an order starts, since every order
/// first asks for the resolver's HTTP client, which the test counts (its CA address refuses connections).
/// </summary>
public sealed class AcmeOrderingActorRenewalTests : TestKit
{
    private const string StorageFile = "/data/acme.json";
    private const string Domain = "short-lived.acme.test";

    private readonly MemoryAcmeStorage _storage = new();
    private readonly MovableTimeProvider _clock = new();
    private readonly AcmeRouterStatusCell _status = new();
    private int _ordersStarted;

    public AcmeOrderingActorRenewalTests(ITestOutputHelper output)
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

    private void Store(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        _storage.Put(StorageFile, new AcmeStorageContent([],
        [
            new AcmeStoredCertificate("ca", [Domain], certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate),
                certificate.NotAfter.ToUniversalTime(), "node-a", certificate.NotBefore.ToUniversalTime()),
        ]));

    private static AcmeResolverSettings Resolver() =>
        new("ca", "ops@example.com", new Uri("http://127.0.0.1:9/dir"), StorageFile, AcmeKeyType.EC256, "web", false, AcmeResolverSettings.DefaultCertificatesDuration, []);

    private void Configure()
    {
        var changed = new TlsConfigurationChanged(ValidatedTls.Empty,
            [new TlsRouterDemand("shop@file", ["websecure"], new RouterTlsConfig("ca", [], null), [Domain])]);
        TlsConfigurationCell.Get(Sys).Publish(changed);
        Sys.EventStream.Publish(changed);
    }

    private IActorRef StartState() =>
        Sys.ActorOf(AcmeStateActor.Props(AcmeStateSettings.Default, MemoryAcmeStorage.Resolvers(StorageFile, "ca"), _storage, TimeProvider.System));

    private IActorRef StartOrdering(IActorRef state)
    {
        var settings = Resolver();
        return Sys.ActorOf(AcmeOrderingActor.Props(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(settings.Name, settings)]),
            state,
            _ =>
            {
                Interlocked.Increment(ref _ordersStarted);
                return new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            },
            _status,
            ClusterNode.Id(Akka.Cluster.Cluster.Get(Sys).SelfAddress),
            AcmeOrderSettings.Default,
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
}
