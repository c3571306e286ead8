using System.Collections.Frozen;
using Akka.Actor;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Tls;
using Prometheus;

namespace Proxy.Node.Observability;

/// <summary>
/// The node's Prometheus metrics, named as Traefik's with <c>proxy_</c> for <c>traefik_</c>. Request
/// metrics are counted as each request ends; state metrics (servers up, configuration, cluster
/// members) are read from the snapshot and the cluster when /metrics is scraped, so they cost the
/// request path nothing. A registry of its own: no process or GC collectors, whose scrape costs
/// more than everything here and which node-exporter and dotnet-counters already give.
/// </summary>
public sealed class ProxyMetrics : IRequestObserver
{
    private static readonly double[] DurationBuckets = [0.1, 0.3, 1.2, 5.0]; // Traefik's defaults.

    // Methods outside this set are counted as "other": a client must not be able to grow the label set.
    private static readonly FrozenSet<string> KnownMethods = FrozenSet.Create(
        StringComparer.Ordinal, "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private readonly SnapshotCell _cell;
    private readonly Counter _entryPointRequests;
    private readonly Histogram _entryPointDuration;
    private readonly Counter _routerRequests;
    private readonly Counter _serviceRequests;
    private readonly Histogram _serviceDuration;
    private readonly Counter _serviceRetries;
    private readonly Gauge _serverUp;
    private readonly Gauge _openConnections;
    private readonly Counter _configReloads;
    private readonly Gauge _configLastReloadSuccess;
    private readonly Gauge _clusterMembers;
    private readonly Counter _accessLogDropped;
    private readonly Gauge _dockerConnected;
    private readonly Gauge _certificateNotAfter;
    private readonly CertificateCell? _certificates;
    private readonly object _scrapeLock = new();
    private HashSet<(string Service, string Url)> _serversShown = [];
    private HashSet<(string Cn, string Serial, string Sans)> _certificatesShown = [];

    /// <param name="certificates">The certificate store's cell, for <c>proxy_tls_certs_not_after</c>; null: no TLS metrics.</param>
    public ProxyMetrics(SnapshotCell cell, ActorSystem? clusterSystem, CertificateCell? certificates = null)
    {
        _cell = cell;
        _certificates = certificates;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _entryPointRequests = factory.CreateCounter("proxy_entrypoint_requests_total", "Requests an entry point answered, by status code, method and protocol.", "entrypoint", "code", "method", "protocol");
        _entryPointDuration = factory.CreateHistogram("proxy_entrypoint_request_duration_seconds", "Time an entry point took to answer a request.", new HistogramConfiguration { LabelNames = ["entrypoint", "code", "method", "protocol"], Buckets = DurationBuckets });
        _routerRequests = factory.CreateCounter("proxy_router_requests_total", "Requests a router matched, by status code, method and protocol.", "router", "code", "method", "protocol");
        _serviceRequests = factory.CreateCounter("proxy_service_requests_total", "Requests a service answered, by status code.", "service", "code");
        _serviceDuration = factory.CreateHistogram("proxy_service_request_duration_seconds", "Time a service took to answer a request, retries included.", new HistogramConfiguration { LabelNames = ["service"], Buckets = DurationBuckets });
        _serviceRetries = factory.CreateCounter("proxy_service_retries_total", "Attempts after the first that requests to a service made.", "service");
        _serverUp = factory.CreateGauge("proxy_service_server_up", "1 when the server takes requests, 0 when health checks or failures hold it out.", "service", "url");
        _openConnections = factory.CreateGauge("proxy_open_connections", "Client connections open on an entry point.", "entrypoint");
        _configReloads = factory.CreateCounter("proxy_config_reloads_total", "Routing snapshots published since the node started: every change of the dynamic configuration or of a server's health.");
        _configLastReloadSuccess = factory.CreateGauge("proxy_config_last_reload_success", "1 when the current dynamic configuration has no errors (GET /api/errors is empty), 0 when some object was skipped.");
        _clusterMembers = factory.CreateGauge("proxy_cluster_members", "Members of the Akka cluster this node sees, by status.", "status");
        _accessLogDropped = factory.CreateCounter("proxy_accesslog_dropped_total", "Access log lines dropped because the writer fell behind (its queue was full).");
        _dockerConnected = factory.CreateGauge("proxy_docker_provider_connected", "1 while this node's Docker provider is connected to the endpoint (its event stream is open), 0 while it reconnects.", "endpoint");
        _certificateNotAfter = factory.CreateGauge("proxy_tls_certs_not_after", "When a certificate the node serves expires, in Unix seconds (Traefik's traefik_tls_certs_not_after).", "cn", "serial", "sans");
        Registry.AddBeforeCollectCallback(() => RefreshState(clusterSystem));
    }

    public CollectorRegistry Registry { get; }

    public void Observe(in RequestRecord record)
    {
        var code = StatusCodeText.Of(record.DownstreamStatus);
        var method = MethodLabel(record.Method);
        var seconds = record.Duration.TotalSeconds;
        _entryPointRequests.WithLabels(record.EntryPoint, code, method, record.Protocol).Inc();
        _entryPointDuration.WithLabels(record.EntryPoint, code, method, record.Protocol).Observe(seconds);
        if (record.Router is { } router)
        {
            _routerRequests.WithLabels(router, code, method, record.Protocol).Inc();
        }

        if (record.Service is { } service)
        {
            _serviceRequests.WithLabels(service, code).Inc();
            _serviceDuration.WithLabels(service).Observe(seconds);
            if (record.RetryAttempts > 0)
            {
                _serviceRetries.WithLabels(service).Inc(record.RetryAttempts);
            }
        }
    }

    public void ConnectionOpened(string entryPoint) => _openConnections.WithLabels(entryPoint).Inc();

    public void ConnectionClosed(string entryPoint) => _openConnections.WithLabels(entryPoint).Dec();

    public void AccessLogDropped() => _accessLogDropped.Inc();

    public static string MethodLabel(string method) => KnownMethods.Contains(method) ? method : "other";

    private void RefreshState(ActorSystem? clusterSystem)
    {
        var snapshot = _cell.Current;
        lock (_scrapeLock)
        {
            // The snapshot's version counts its publications; the first one is the start, not a reload.
            _configReloads.IncTo(Math.Max(0, snapshot.Version - 1));

            _configLastReloadSuccess.Set(snapshot.View.AllErrors.Any() ? 0 : 1);
            var shown = new HashSet<(string, string)>();
            foreach (var service in snapshot.Services.Values)
            {
                foreach (var server in service.Servers)
                {
                    _serverUp.WithLabels(service.Name, server.Url).Set(server.Health == ServerHealth.Up ? 1 : 0);
                    shown.Add((service.Name, server.Url));
                }
            }

            foreach (var (service, url) in _serversShown)
            {
                if (!shown.Contains((service, url)))
                {
                    _serverUp.RemoveLabelled(service, url);
                }
            }

            _serversShown = shown;
            if (_certificates is not null)
            {
                RefreshCertificates(_certificates.Current);
            }

            if (clusterSystem is not null)
            {
                RefreshCluster(clusterSystem);
            }
        }
    }

    /// <summary>Every certificate that serves a name, and the default one unless it is the generated one (which nobody renews).</summary>
    private void RefreshCertificates(CertificateSnapshot snapshot)
    {
        var served = snapshot.Certificates.Concat(snapshot.Default.Source == GeneratedDefaultCertificate.Source ? [] : [snapshot.Default]);
        var shown = new HashSet<(string, string, string)>();
        foreach (var certificate in served)
        {
            var labels = CertificateLabels(certificate);
            _certificateNotAfter.WithLabels(labels.Cn, labels.Serial, labels.Sans).Set(certificate.NotAfter.ToUnixTimeSeconds());
            shown.Add(labels);
        }

        foreach (var (cn, serial, sans) in _certificatesShown)
        {
            if (!shown.Contains((cn, serial, sans)))
            {
                _certificateNotAfter.RemoveLabelled(cn, serial, sans);
            }
        }

        _certificatesShown = shown;
    }

    /// <summary>Traefik's labels: the subject's common name, the serial in decimal, the DNS names joined by commas.</summary>
    public static (string Cn, string Serial, string Sans) CertificateLabels(LoadedCertificate certificate)
    {
        var leaf = certificate.Certificate;
        var serial = new System.Numerics.BigInteger(leaf.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true);
        return (leaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false),
            serial.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join(',', certificate.Names));
    }

    private void RefreshCluster(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        // This node's own sources, as it shares them with the cluster (SharedConfigActor publishes them).
        if (Proxy.Actors.Cluster.ClusterViewCell.Get(system).Current.Nodes.TryGetValue(Proxy.Actors.Cluster.ClusterNode.Id(cluster.SelfAddress), out var self))
        {
            foreach (var source in self.Sources)
            {
                if (source.Provider == Proxy.Discovery.Docker.DockerProviderSettings.ProviderName)
                {
                    _dockerConnected.WithLabels(source.Source).Set(source.Connected ? 1 : 0);
                }
            }
        }

        var members = cluster.State.Members;
        foreach (var status in Enum.GetValues<Akka.Cluster.MemberStatus>())
        {
            _clusterMembers.WithLabels(status.ToString().ToLowerInvariant()).Set(members.Count(m => m.Status == status));
        }
    }
}
