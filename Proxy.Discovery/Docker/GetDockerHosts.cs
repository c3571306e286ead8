using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>Asks a <see cref="DockerProviderActor"/> for the state of each Docker host it watches.</summary>
public sealed record GetDockerHosts
{
    public static GetDockerHosts Instance { get; } = new();
}

/// <summary>The answer to <see cref="GetDockerHosts"/>, one entry per endpoint in the configured order.</summary>
public sealed record DockerHostsResult(ImmutableArray<DockerHostStatus> Hosts);

/// <summary>What the provider knows about one Docker host.</summary>
/// <param name="Endpoint">The endpoint as configured.</param>
/// <param name="Connected">Listed and following events right now.</param>
/// <param name="Containers">Containers known on the host (running or paused), the last known ones while disconnected.</param>
/// <param name="LastError">Why the host was last disconnected; null if it never was.</param>
/// <param name="LastChange">When the host's containers or connection last changed; null before the first news.</param>
/// <param name="DaemonVersion">The daemon's version (<c>20.10.24</c>) once connected.</param>
/// <param name="ApiVersion">The daemon's API version (<c>1.41</c>) once connected.</param>
public sealed record DockerHostStatus(
    string Endpoint,
    bool Connected,
    int Containers,
    string? LastError,
    DateTimeOffset? LastChange,
    string? DaemonVersion,
    string? ApiVersion);
