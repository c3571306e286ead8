using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Tests.Support;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

public sealed class CertificateStoreActorTests : TestKit
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private readonly TestCertificates _files = new();
    private readonly FakeTimeProvider _time = new(TestCertificates.Now);
    private readonly ListLogger _log = new();
    private readonly CertificateCell _cell;
    private readonly GeneratedDefaultCertificate _generated;

    public CertificateStoreActorTests()
    {
        _generated = new GeneratedDefaultCertificate(_time);
        _cell = new CertificateCell(CertificateStore.Build(ValidatedTls.Empty, new CertificateFileReader(), _time, _generated));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _files.Dispose();
    }

    [Fact]
    public void Configure_FileCertificates_PublishesSnapshotServingThem()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"]));
        Start();

        Sys.EventStream.Publish(Configuration(shop));

        AwaitAssert(() => Assert.Equal("CN=shop", _cell.Current.Select("shop.example.com").Certificate.Subject));
        Assert.Same(_generated.Certificate, _cell.Current.Default);
        Assert.Equal(shop.CertFile, _cell.Current.Certificates[0].Files!.CertFile);
    }

    [Fact]
    public void AcmeState_CertificateAndAnswers_ServedAndTlsAlpnAnswerOnly()
    {
        var acme = CreateTestProbe();
        Start(acme.Ref);
        acme.ExpectMsg<SubscribeAcmeState>(s => s.Subscriber != null);
        var issued = TestCertificates.Ecdsa("CN=acme.example.com", ["acme.example.com", "www.acme.example.com"]);

        acme.LastSender.Tell(new AcmeSharedState(
            System.Collections.Immutable.ImmutableDictionary<string, AcmeStoredAccount>.Empty,
            [Stored("le", issued, ["acme.example.com", "www.acme.example.com"])],
            [
                new AcmeChallengeAnswer("alpn.example.com", AcmeChallenge.TlsAlpn01, "t1", "t1.thumb"),
                new AcmeChallengeAnswer("http.example.com", AcmeChallenge.Http01, "t2", "t2.thumb"),
            ]));

        AwaitAssert(() => Assert.Equal("CN=acme.example.com", _cell.Current.Select("www.acme.example.com").Certificate.Subject));
        var served = _cell.Current.Select("acme.example.com");
        Assert.Equal("acme", served.Source);
        Assert.Equal("le", served.Acme!.Resolver);
        Assert.Equal("node-a", served.Acme.OrderedBy);
        var answer = Assert.Single(_cell.Current.AlpnChallenges);
        Assert.Equal("alpn.example.com", answer.Key);
        Assert.Contains(answer.Value.Certificate.Extensions.Cast<X509Extension>(), e => e.Oid!.Value == TlsAlpnChallengeCertificate.AcmeIdentifierOid);
        Assert.Null(_cell.Current.Match("alpn.example.com"));
    }

    [Fact]
    public void AcmeState_BadCertificate_ErrorNamesResolverAndDomainsAndOthersServe()
    {
        var acme = CreateTestProbe();
        Start(acme.Ref);
        acme.ExpectMsg<SubscribeAcmeState>();
        var good = TestCertificates.Ecdsa("CN=good", ["good.example.com"]);
        var other = TestCertificates.Ecdsa("CN=other", ["bad.example.com"]);
        var mismatched = Stored("le", TestCertificates.Ecdsa("CN=bad", ["bad.example.com"]), ["bad.example.com"]) with { KeyPem = TestCertificates.KeyPem(other) };

        acme.LastSender.Tell(AcmeSharedState.Empty with { Certificates = [mismatched, Stored("le", good, ["good.example.com"])] });

        AwaitAssert(() => Assert.Single(_cell.Current.Errors));
        var error = _cell.Current.Errors[0];
        Assert.Equal("acme", error.Source);
        Assert.Equal("certificatesResolvers.le.acme.certificates[bad.example.com]", error.Path);
        Assert.Equal("the stored key does not match the certificate", error.Message);
        Assert.Equal("CN=good", _cell.Current.Select("good.example.com").Certificate.Subject);
        Assert.Same(_generated.Certificate, _cell.Current.Select("bad.example.com"));
    }

    [Fact]
    public void AcmeAndFile_SameName_FileServes()
    {
        var acme = CreateTestProbe();
        var file = _files.Write("file", TestCertificates.Rsa("CN=file", ["same.example.com"]));
        Start(acme.Ref);
        acme.ExpectMsg<SubscribeAcmeState>();
        Sys.EventStream.Publish(Configuration(file));
        acme.LastSender.Tell(AcmeSharedState.Empty with
        {
            Certificates = [Stored("le", TestCertificates.Ecdsa("CN=acme", ["same.example.com", "only-acme.example.com"]), ["same.example.com"])],
        });

        AwaitAssert(() => Assert.Equal(2, _cell.Current.Certificates.Length));
        Assert.Equal("CN=file", _cell.Current.Select("same.example.com").Certificate.Subject);
        Assert.Equal("CN=acme", _cell.Current.Select("only-acme.example.com").Certificate.Subject);
    }

    [Fact]
    public void Poll_CertificateReplacedByRename_NextSnapshotServesNewOne()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=old", ["shop.example.com"]));
        Start();
        Sys.EventStream.Publish(Configuration(shop));
        AwaitAssert(() => Assert.Equal("CN=old", _cell.Current.Select("shop.example.com").Certificate.Subject));

        // As an editor or `cp; mv` does: the new pair is written beside the old one, then renamed over it.
        var replacement = _files.Write("shop-new", TestCertificates.Rsa("CN=new", ["shop.example.com"]));
        File.Move(replacement.KeyFile, shop.KeyFile, overwrite: true);
        File.Move(replacement.CertFile, shop.CertFile, overwrite: true);
        _time.Advance(Poll);

        AwaitAssert(() => Assert.Equal("CN=new", _cell.Current.Select("shop.example.com").Certificate.Subject));
    }

    [Fact]
    public void Poll_CertificateWrittenInPlace_NextSnapshotServesNewOne()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=old", ["shop.example.com"]));
        Start();
        Sys.EventStream.Publish(Configuration(shop));
        AwaitAssert(() => Assert.Equal("CN=old", _cell.Current.Select("shop.example.com").Certificate.Subject));

        _files.Write("shop", TestCertificates.Rsa("CN=new", ["shop.example.com"]));
        _time.Advance(Poll);

        AwaitAssert(() => Assert.Equal("CN=new", _cell.Current.Select("shop.example.com").Certificate.Subject));
    }

    [Fact]
    public void Poll_SymlinkSwappedToNewTarget_NextSnapshotServesNewOne()
    {
        // A Kubernetes secret volume: the file is a link into a folder that is replaced by swapping a link.
        var first = _files.Write("v1", TestCertificates.Rsa("CN=v1", ["shop.example.com"]));
        var second = _files.Write("v2", TestCertificates.Rsa("CN=v2", ["shop.example.com"]));
        var certLink = Path.Combine(_files.Folder, "tls.crt");
        var keyLink = Path.Combine(_files.Folder, "tls.key");
        File.CreateSymbolicLink(certLink, first.CertFile);
        File.CreateSymbolicLink(keyLink, first.KeyFile);
        Start();
        Sys.EventStream.Publish(Configuration(TestCertificates.Declared(certLink, keyLink)));
        AwaitAssert(() => Assert.Equal("CN=v1", _cell.Current.Select("shop.example.com").Certificate.Subject));

        foreach (var (link, target) in new[] { (certLink, second.CertFile), (keyLink, second.KeyFile) })
        {
            var swap = link + ".tmp";
            File.CreateSymbolicLink(swap, target);
            File.Move(swap, link, overwrite: true);
        }

        _time.Advance(Poll);

        AwaitAssert(() => Assert.Equal("CN=v2", _cell.Current.Select("shop.example.com").Certificate.Subject));
    }

    [Fact]
    public void Poll_FileTurnsBad_OthersKeepServingAndErrorLoggedOnce()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"]));
        var blog = _files.Write("blog", TestCertificates.Rsa("CN=blog", ["blog.example.com"]));
        Start();
        Sys.EventStream.Publish(Configuration(shop, blog with { Path = "tls.certificates[1]" }));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Certificates.Length));

        File.WriteAllText(blog.CertFile, "not a certificate");
        _time.Advance(Poll);
        AwaitAssert(() => Assert.Single(_cell.Current.Errors));
        _time.Advance(Poll);
        _time.Advance(Poll);
        // Another rebuild with the same broken file: its error is still there, and not logged again.
        var wiki = _files.Write("wiki", TestCertificates.Rsa("CN=wiki", ["wiki.example.com"]));
        Sys.EventStream.Publish(Configuration(shop, blog with { Path = "tls.certificates[1]" }, wiki with { Path = "tls.certificates[2]" }));
        AwaitAssert(() => Assert.Equal(4, _log.Entries.Count(e => e.Level == LogLevel.Debug)));

        var error = _cell.Current.Errors[0];
        Assert.Equal("tls.certificates[1].certFile", error.Path);
        Assert.Contains("holds no PEM certificate", error.Message, StringComparison.Ordinal);
        Assert.Equal("CN=shop", _cell.Current.Select("shop.example.com").Certificate.Subject);
        Assert.Same(_generated.Certificate, _cell.Current.Select("blog.example.com"));
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("tls.certificates[1].certFile", StringComparison.Ordinal));
    }

    [Fact]
    public void Poll_CertificateExpires_StopsServingWithError()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"], notAfter: TestCertificates.Now.AddMinutes(1)));
        Start();
        Sys.EventStream.Publish(Configuration(shop));
        AwaitAssert(() => Assert.Equal("CN=shop", _cell.Current.Select("shop.example.com").Certificate.Subject));

        _time.Advance(TimeSpan.FromMinutes(2));

        AwaitAssert(() => Assert.Contains("expired on", Assert.Single(_cell.Current.Errors).Message, StringComparison.Ordinal));
        Assert.Same(_generated.Certificate, _cell.Current.Select("shop.example.com"));
    }

    /// <summary>Starts the store and waits for its first snapshot, published once it listens to the event stream.</summary>
    [Fact]
    public void Poll_CertificateNotYetValid_ServesOnceItsTimeComesWithoutFileChange()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"], notBefore: TestCertificates.Now.AddSeconds(30)));
        Start();
        Sys.EventStream.Publish(Configuration(shop));
        AwaitAssert(() => Assert.Contains("is not valid before", Assert.Single(_cell.Current.Errors).Message, StringComparison.Ordinal));

        _time.Advance(CertificateStoreActor.ErrorRetryInterval);

        AwaitAssert(() => Assert.Equal("CN=shop", _cell.Current.Select("shop.example.com").Certificate.Subject));
        Assert.Empty(_cell.Current.Errors);
    }

    [Fact]
    public void FollowAcmeState_StartedLater_SubscribesAndServesItsCertificates()
    {
        var acme = CreateTestProbe();
        var store = Start();

        store.Tell(new FollowAcmeState(acme.Ref));

        acme.ExpectMsg<SubscribeAcmeState>(s => s.Subscriber.Equals(store));
        acme.LastSender.Tell(AcmeSharedState.Empty with
        {
            Certificates = [Stored("le", TestCertificates.Ecdsa("CN=late", ["late.example.com"]), ["late.example.com"])],
        });
        AwaitAssert(() => Assert.Equal("CN=late", _cell.Current.Select("late.example.com").Certificate.Subject));
    }

    private IActorRef Start(IActorRef? acme = null)
    {
        var store = Sys.ActorOf(CertificateStoreActor.Props(_cell, _generated, new CertificateFileReader(), _time, acme, _log, Poll));
        AwaitAssert(() => Assert.Contains(_log.Entries, e => e.Level == LogLevel.Debug));
        return store;
    }

    private static TlsConfigurationChanged Configuration(params SourcedCertificate[] certificates) =>
        new(ValidatedTls.Empty with { Certificates = [.. certificates] }, []);

    private static AcmeStoredCertificate Stored(string resolver, X509Certificate2 certificate, string[] domains) =>
        new(resolver, [.. domains], certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate),
            certificate.NotAfter.ToUniversalTime(), "node-a", TestCertificates.Now.AddDays(-1));
}
