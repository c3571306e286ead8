using System.Net;
using Proxy.Tests.Docker;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A real node watching daemon A on its unix socket and a second Docker host of the test's own that listens
/// with --tlsverify on tcp://127.0.0.1 (certificates made with openssl): the TLS host's containers are routed;
/// with a client certificate of another CA that host stays disconnected, with the reason in /api/errors, in
/// /cluster/members and in the log, while daemon A's containers keep serving.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DockerTlsHostTests : IClassFixture<DockerTlsHostTests.TlsHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TlsHost _host;

    public DockerTlsHostTests(TlsHost host) => _host = host;

    [DockerFact(Timeout = 180_000)]
    public async Task NamedTlsEndpoint_RightCertificates_RoutesItsContainersBesideTheSocketHost()
    {
        _host.Require();
        using var node = DockerNode.Start(_host.Flags(_host.Certificates!));

        await node.EventuallyAsync(async () => await StatusAsync(node, _host.RemoteHost) == HttpStatusCode.OK, "the TLS host's container to answer through the node", Wait);
        await node.EventuallyAsync(async () => await StatusAsync(node, _host.LocalHost) == HttpStatusCode.OK, "daemon A's container to answer through the node", Wait);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = _host.RemoteHost } };
        using var response = await node.Web.SendAsync(request);
        Assert.Equal(_host.RemoteName, response.Headers.GetValues(TestBackend.NameHeader).Single());
        Assert.DoesNotContain(_host.Daemon!.TcpEndpoint, await node.Api.GetStringAsync("/api/errors"), StringComparison.Ordinal);
    }

    [DockerFact(Timeout = 180_000)]
    public async Task NamedTlsEndpoint_ClientCertificateOfAnotherCa_DisconnectedWithTheReasonWhileTheSocketHostServes()
    {
        _host.Require();
        using var other = new DockerCertificateAuthority();
        using var node = DockerNode.Start(_host.Flags(other, ca: _host.Certificates!.CaFile));
        var endpoint = _host.Daemon!.TcpEndpoint;

        await node.EventuallyAsync(
            async () =>
            {
                var errors = await node.Api.GetStringAsync("/api/errors");
                return errors.Contains($"docker:{endpoint}", StringComparison.Ordinal) && errors.Contains("refused the client certificate", StringComparison.Ordinal);
            },
            $"/api/errors to say that {endpoint} refused the client certificate",
            Wait);
        var members = await node.Api.GetStringAsync("/cluster/members");
        Assert.Contains("refused the client certificate", members, StringComparison.Ordinal);
        Assert.Contains($"Disconnected from Docker host {endpoint}: TLS: the daemon refused the client certificate", node.Process.Output, StringComparison.Ordinal);

        await node.EventuallyAsync(async () => await StatusAsync(node, _host.LocalHost) == HttpStatusCode.OK, "daemon A's container to answer through the node", Wait);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(node, _host.RemoteHost));
    }

    private static async Task<HttpStatusCode> StatusAsync(DockerNode node, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
        using var response = await node.Web.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The TLS Docker host (stopped by its PID, its data root removed) with one nginx, and one nginx on daemon A.</summary>
    public sealed class TlsHost : IDisposable
    {
        private readonly string _id = Guid.NewGuid().ToString("N")[..8];
        private readonly string? _problem;

        public TlsHost()
        {
            _problem = DockerCli.Problem ?? DockerCertificateAuthority.Missing();
            if (_problem is not null)
            {
                return;
            }

            // xUnit never disposes a fixture whose constructor threw: what was made so far is released here.
            try
            {
                Certificates = new DockerCertificateAuthority();
                Daemon = new ThrowawayDaemon(Certificates.ForDaemon(FreePort.Next()));
                Daemon.Start();
                Daemon.ImportImage();
                NginxContainer.RunOnAsync(Daemon.Endpoint, RemoteName, "127.0.0.91:8080", 0,
                    $"proxy.http.routers.{RemoteName}.rule=Host(`{RemoteHost}`)",
                    $"proxy.http.services.{RemoteName}.loadbalancer.server.url=http://127.0.0.91:8080").GetAwaiter().GetResult();
                NginxContainer.RunAsync(LocalName, "127.0.0.92:8080",
                    $"proxy.http.routers.{LocalName}.rule=Host(`{LocalHost}`)",
                    $"proxy.http.services.{LocalName}.loadbalancer.server.url=http://127.0.0.92:8080").GetAwaiter().GetResult();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string RemoteName => $"proxytls-{_id}-remote";

        public string LocalName => $"proxytls-{_id}-local";

        public string RemoteHost => $"remote{_id}.localhost";

        public string LocalHost => $"local{_id}.localhost";

        internal DockerCertificateAuthority? Certificates { get; }

        internal ThrowawayDaemon? Daemon { get; }

        public void Require()
        {
            DockerCli.Require();
            if (_problem is not null)
            {
                Assert.Fail($"a TLS Docker host is required: {_problem}");
            }
        }

        /// <summary>The node's flags for daemon A (DockerNode gives it) and the TLS host as named endpoint "remote".</summary>
        internal string[] Flags(DockerCertificateAuthority client, string? ca = null) =>
        [
            $"--providers.docker.endpoints.remote.endpoint={Daemon!.TcpEndpoint}",
            $"--providers.docker.endpoints.remote.tls.ca={ca ?? client.CaFile}",
            $"--providers.docker.endpoints.remote.tls.cert={client.ClientCertFile}",
            $"--providers.docker.endpoints.remote.tls.key={client.ClientKeyFile}",
        ];

        public void Dispose()
        {
            try
            {
                if (_problem is null)
                {
                    // Only the container this fixture made on daemon A, by name; the TLS daemon takes its own with it.
                    DockerCli.DockerAsync("rm", "-f", LocalName).GetAwaiter().GetResult();
                }
            }
            finally
            {
                // A failed removal on daemon A must not leave the TLS daemon running.
                Daemon?.Dispose();
                Certificates?.Dispose();
            }
        }
    }
}
