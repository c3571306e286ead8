using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Proxy.Discovery.Docker;

namespace Proxy.Node.Hosting;

/// <summary>
/// The node's validated static configuration: what it listens on and how it starts and stops. Fixed for
/// the life of the process; routers and services are dynamic configuration and live elsewhere.
/// </summary>
public sealed record StaticConfig(
    ImmutableSortedDictionary<string, EntryPointConfig> EntryPoints,
    ListenAddress ApiAddress,
    FileProviderConfig? FileProvider,
    LogLevel LogLevel,
    TimeSpan RequestAcceptGraceTimeout,
    TimeSpan GraceTimeout,
    RequestActorMode RequestActorMode,
    string? ConfigFile)
{
    /// <summary>A backend silent for longer fails the attempt with 504 (YARP's activity timeout).</summary>
    public TimeSpan ResponseHeaderTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Connecting to a backend may take this long before the attempt fails.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body a mirror's copy carries, whatever the mirroring service's maxBodySize.</summary>
    public long MirrorMaxBodySize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The bytes of bodies all mirror copies under way may hold together.</summary>
    public long MirrorMaxBytesInFlight { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// The Docker provider, or null when no endpoint is given. An init property rather than a positional
    /// one so that every existing construction of this record stays valid.
    /// </summary>
    public DockerProviderSettings? Docker { get; init; }

    /// <summary>The node's place in the Akka cluster; alone in a cluster of its own by default.</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Default;

    /// <summary>A listener of its own for the cluster API, or null to serve it on the API address.</summary>
    public ListenAddress? ManagementAddress { get; init; }

    /// <summary>The bearer token the cluster API requires, or null for none (loopback only).</summary>
    public string? ManagementToken { get; init; }

    /// <summary>Whether leave and down are refused (403): true unless a token is set or the operator says false.</summary>
    public bool ManagementReadOnly { get; init; } = true;

    /// <summary>Host names the API and management listeners answer to besides their own addresses and names.</summary>
    public ImmutableArray<string> ApiAllowedHosts { get; init; } = [];

    /// <summary>HTTPS on the API and management listeners; null for plain HTTP.</summary>
    public Api.ApiTlsSettings? ApiTls { get; init; }

    /// <summary>Whether /metrics is served and request metrics are counted.</summary>
    public bool MetricsPrometheus { get; init; } = true;

    /// <summary>The ACME certificate resolvers by name (<c>certificatesresolvers.&lt;name&gt;.acme</c>); none by default.</summary>
    public ImmutableSortedDictionary<string, Proxy.Actors.Certificates.AcmeResolverSettings> CertificateResolvers { get; init; } =
        ImmutableSortedDictionary.Create<string, Proxy.Actors.Certificates.AcmeResolverSettings>(StringComparer.Ordinal);

    /// <summary>The access log, or null when it is off.</summary>
    public AccessLogSettings? AccessLog { get; init; }
}
