using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Tls;

// Sends the certificate store N ACME state changes and prints the process's resident memory before and
// after, without forcing a collection (what a node carries between collections) and after one. Two
// scenarios: "challenges" (three stored certificates, a TLS-ALPN-01 answer published then withdrawn in
// turn: an order's life) and "renewals" (each change replaces the three certificates). After each change
// a handshake context is made for every certificate served, as the node's CertificateContexts does for
// the first handshake with each LoadedCertificate.
//   dotnet run -c Release --project ops/bench/CertificateStoreRebuilds -- challenges 1000
var scenario = args.Length > 0 ? args[0] : "challenges";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
var generated = new GeneratedDefaultCertificate(time);
var files = new CertificateFileReader();
var cell = new CertificateCell(CertificateStore.Build(ValidatedTls.Empty, files, time, generated));
using var system = ActorSystem.Create("measure", "akka.loglevel = WARNING");
var acme = system.ActorOf(Props.Create(() => new Subscribed()));
var store = system.ActorOf(CertificateStoreActor.Props(cell, generated, files, time, acme));
var contexts = new System.Runtime.CompilerServices.ConditionalWeakTable<LoadedCertificate, SslStreamCertificateContext>();

string[] names = ["a.example.com", "b.example.com", "c.example.com"];
ImmutableArray<AcmeStoredCertificate> Issue() => [.. names.Select(n => Stored(n, time))];
var certificates = Issue();

void Change(int i)
{
    var before = cell.Current;
    if (scenario == "renewals")
    {
        certificates = Issue();
    }

    ImmutableArray<AcmeChallengeAnswer> challenges = i % 2 == 0 ? [new AcmeChallengeAnswer("new.example.com", AcmeChallenge.TlsAlpn01, $"t{i}", $"t{i}.thumb")] : [];
    // As replication delivers it: new objects every time, equal by value.
    store.Tell(new AcmeSharedState(ImmutableDictionary<string, AcmeStoredAccount>.Empty, [.. certificates.Select(c => c with { Domains = [.. c.Domains] })], challenges));
    var wait = Stopwatch.StartNew();
    while (ReferenceEquals(cell.Current, before))
    {
        if (wait.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"change {i} was not published within 30 s");
        Thread.Sleep(1);
    }

    foreach (var served in cell.Current.Certificates)
    {
        contexts.GetValue(served, c => SslStreamCertificateContext.Create(c.Certificate, [.. c.Intermediates], offline: true));
    }

    // Past any grace the store gives handshakes before it disposes what it retired.
    time.Advance(TimeSpan.FromMinutes(2));
}

Change(0);
Change(1);
Collect();
var startRss = Rss();
var startNative = startRss - Committed();
var watch = Stopwatch.StartNew();
for (var i = 2; i < count + 2; i++) Change(i);
watch.Stop();
var noGcRss = Rss();
var noGcNative = noGcRss - Committed();
Collect();
var gcRss = Rss();
var gcNative = gcRss - Committed();
// Native: resident memory less what the GC committed for the managed heap, as of the last collection
// (so the middle figure, with no collection since the start, overstates it).
Console.WriteLine(FormattableString.Invariant(
    $"{scenario} x{count}: RSS {Mib(startRss)} -> {Mib(noGcRss)} MiB without a forced GC, {Mib(gcRss)} MiB after one; native (RSS - GC committed) {Mib(startNative)} -> {Mib(noGcNative)} -> {Mib(gcNative)} MiB; {watch.Elapsed.TotalMilliseconds / count:F2} ms per change"));

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

static long Committed() => GC.GetGCMemoryInfo().TotalCommittedBytes;

// Finalizers run too: what only the finalizer would release counts as released after this.
static void Collect()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    Thread.Sleep(500);
}

static long Rss()
{
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    return self.WorkingSet64;
}

static AcmeStoredCertificate Stored(string name, TimeProvider time)
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
    var sans = new SubjectAlternativeNameBuilder();
    sans.AddDnsName(name);
    request.CertificateExtensions.Add(sans.Build());
    var now = time.GetUtcNow();
    using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(90));
    return new AcmeStoredCertificate("le", [name], certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), now.AddDays(90), "node-a", now);
}

/// <summary>Stands in for the ACME state actor's address only: the store subscribes, nothing answers.</summary>
internal sealed class Subscribed : ReceiveActor
{
    public Subscribed() => ReceiveAny(_ => { });
}
