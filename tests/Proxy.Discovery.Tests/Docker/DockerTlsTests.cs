using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Discovery.Docker;
using Proxy.Tests.Docker;
using Proxy.Tests.Ports;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The Docker provider against a real dockerd that listens with --tlsverify on tcp://127.0.0.1 (certificates
/// made with openssl by the test): the right certificates connect and report the host's containers; a client
/// certificate or a daemon certificate of another CA leaves the host disconnected with the reason in the error.
/// </summary>
public sealed class DockerTlsTests : TestKit, IClassFixture<DockerTlsTests.TlsDaemon>
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(30);

    private readonly TlsDaemon _daemon;
    private readonly TestProbe _configuration;

    public DockerTlsTests(TlsDaemon daemon, ITestOutputHelper output)
        : base(output: output)
    {
        _daemon = daemon;
        _configuration = CreateTestProbe();
    }

    [DockerFact]
    public void Watch_ClientCertificateOfTheDaemonsCa_ConnectsAndReportsContainers()
    {
        var certificates = _daemon.Require();
        Watch(new DockerTlsSettings(certificates.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, false));

        var report = AwaitReport(c => c.Config.Routers.ContainsKey(_daemon.Router));
        Assert.DoesNotContain(report.Errors, e => e.Message.StartsWith("disconnected from", StringComparison.Ordinal));
    }

    [DockerFact]
    public void Watch_ClientCertificateOfAnotherCa_DisconnectedWithTheDaemonsRefusal()
    {
        _daemon.Require();
        using var other = new DockerCertificateAuthority();
        Watch(new DockerTlsSettings(_daemon.Certificates!.CaFile, other.ClientCertFile, other.ClientKeyFile, false));

        var error = AwaitDisconnected();
        Output.WriteLine(error);
        Assert.Contains("client certificate", error, StringComparison.Ordinal);
    }

    [DockerFact]
    public void Watch_DaemonCertificateOfAnotherCa_RefusedNamingTheCa()
    {
        var certificates = _daemon.Require();
        using var other = new DockerCertificateAuthority();
        Watch(new DockerTlsSettings(other.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, false));

        var error = AwaitDisconnected();
        Output.WriteLine(error);
        Assert.Contains("not signed by the configured CA", error, StringComparison.Ordinal);
    }

    [DockerFact]
    public void Watch_DaemonPresentsAClientCertificateOfTheCa_RefusedForWantOfServerAuth()
    {
        // One CA signs the daemon's and the clients' certificates (Docker's guide): a daemon presenting a client's
        // certificate that names its address must still be refused, as Docker's and Traefik's Go clients refuse it.
        var certificates = _daemon.Require();
        var (cert, key) = certificates.IssueClientOnlyForLoopback();
        using var impostor = new ThrowawayDaemon(new DaemonTls(TestPorts.Next(IPAddress.Loopback), certificates.CaFile, cert, key));
        impostor.Start();
        Watch(new DockerTlsSettings(certificates.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, false), impostor.TcpEndpoint);

        var error = AwaitDisconnected(impostor.TcpEndpoint);
        Output.WriteLine(error);
        Assert.Contains("not for server authentication", error, StringComparison.Ordinal);
    }

    [DockerFact]
    public void Watch_DaemonCertificateForAnyExtendedKeyUsage_Connects()
    {
        // The docker CLI (Go) reaches a daemon whose certificate says anyExtendedKeyUsage: so must the node.
        var certificates = _daemon.Require();
        var (cert, key) = certificates.IssueForLoopback("daemon-any-usage", "anyExtendedKeyUsage");
        using var daemon = new ThrowawayDaemon(new DaemonTls(TestPorts.Next(IPAddress.Loopback), certificates.CaFile, cert, key));
        daemon.Start();
        var provider = Watch(new DockerTlsSettings(certificates.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, false), daemon.TcpEndpoint);

        AwaitAssert(
            () =>
            {
                var host = Assert.Single(provider.Ask<DockerHostsResult>(GetDockerHosts.Instance, ReportTimeout).Result.Hosts);
                Assert.True(host.Connected, host.LastError);
            },
            ReportTimeout,
            TimeSpan.FromMilliseconds(200));
    }

    [DockerFact]
    public void Watch_DaemonCertificateForAnotherName_RefusedSayingSo()
    {
        // The daemon's certificate names IP 127.0.0.1 only; dialled as localhost, its name does not match.
        var certificates = _daemon.Require();
        var byName = _daemon.Daemon!.TcpEndpoint.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Watch(new DockerTlsSettings(certificates.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, false), byName);

        var error = AwaitDisconnected(byName);
        Output.WriteLine(error);
        Assert.Contains("does not name the endpoint's host", error, StringComparison.Ordinal);
    }

    [DockerFact]
    public void Watch_DaemonCertificateOfAnotherCaWithInsecureSkipVerify_Connects()
    {
        var certificates = _daemon.Require();
        using var other = new DockerCertificateAuthority();
        Watch(new DockerTlsSettings(other.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile, true));

        AwaitReport(c => c.Config.Routers.ContainsKey(_daemon.Router));
    }

    private IActorRef Watch(DockerTlsSettings tls, string? endpoint = null)
    {
        endpoint ??= _daemon.Daemon!.TcpEndpoint;
        var settings = new DockerProviderSettings([endpoint], DockerProviderOptions.Default)
        {
            Tls = System.Collections.Immutable.ImmutableDictionary<string, DockerTlsSettings>.Empty.Add(endpoint, tls),
        };
        return Sys.ActorOf(DockerProviderActor.Props(settings, _configuration, TimeProvider.System));
    }

    private string AwaitDisconnected(string? endpoint = null)
    {
        var source = $"docker:{endpoint ?? _daemon.Daemon!.TcpEndpoint}";
        var report = AwaitReport(c => c.Errors.Any(e => e.Source == source));
        return report.Errors.First(e => e.Source == source).Message;
    }

    private ProviderConfigurationChanged AwaitReport(Predicate<ProviderConfigurationChanged> wanted) =>
        _configuration.FishForMessage(wanted, ReportTimeout);

    /// <summary>One TLS daemon for the class, with one labelled container on it; stopped by its PID and its data root removed.</summary>
    public sealed class TlsDaemon : IDisposable
    {
        private readonly DockerCli _docker = new();
        private readonly string? _problem;

        public TlsDaemon()
        {
            _problem = DockerTestHosts.Missing(DockerTestHosts.A) ?? DockerCertificateAuthority.Missing();
            if (_problem is not null)
            {
                return;
            }

            // xUnit never disposes a fixture whose constructor threw: what was made so far is released here.
            try
            {
                Certificates = new DockerCertificateAuthority();
                Daemon = new ThrowawayDaemon(Certificates.ForDaemon(TestPorts.Next(IPAddress.Loopback)));
                Daemon.Start();
                Daemon.ImportImage();
                Router = $"{_docker.Prefix}-tls";
                _docker.RunSleeper(Daemon.Endpoint, Router,
                [
                    ($"proxy.http.routers.{Router}.rule", $"Host(`{Router}.test`)"),
                    ($"proxy.http.services.{Router}.loadbalancer.server.url", "http://127.0.0.1:1"),
                ]);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        internal DockerCertificateAuthority? Certificates { get; }

        internal ThrowawayDaemon? Daemon { get; }

        public string Router { get; } = "";

        /// <summary>The certificates, or the test fails with why the daemon could not be had (reached only when not skipped).</summary>
        internal DockerCertificateAuthority Require() =>
            _problem is null ? Certificates! : throw new InvalidOperationException($"a TLS Docker daemon is required: {_problem}");

        public void Dispose()
        {
            try
            {
                _docker.Dispose();
            }
            finally
            {
                // A failed container removal must not leave the TLS daemon running.
                Daemon?.Dispose();
                Certificates?.Dispose();
            }
        }
    }
}
