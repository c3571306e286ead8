using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>
/// The Docker provider as the node's static configuration describes it: the Docker hosts to watch
/// (<c>unix:///var/run/docker.sock</c>, <c>tcp://host:2375</c>), one discovery actor each, and how
/// their containers become configuration.
/// </summary>
public sealed record DockerProviderSettings(ImmutableArray<string> Endpoints, DockerProviderOptions Options)
{
    /// <summary>The provider name objects are qualified with (<c>web@docker</c>), as in Traefik.</summary>
    public const string ProviderName = "docker";

    /// <summary>TLS per endpoint (as written in <see cref="Endpoints"/>); an endpoint absent here is dialled without TLS.</summary>
    public ImmutableDictionary<string, DockerTlsSettings> Tls { get; init; } =
        ImmutableDictionary<string, DockerTlsSettings>.Empty.WithComparers(StringComparer.Ordinal);
}
