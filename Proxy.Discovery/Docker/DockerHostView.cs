using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>What the provider remembers of one Docker host: its last known containers and connection state.</summary>
internal sealed record DockerHostView(
    string Endpoint,
    bool Connected,
    ImmutableArray<ContainerInfo> Containers,
    string? LastError,
    DateTimeOffset? LastChange,
    string? DaemonVersion,
    string? ApiVersion)
{
    public static DockerHostView Initial(string endpoint) => new(endpoint, false, [], null, null, null, null);

    public DockerHostStatus Status => new(Endpoint, Connected, Containers.Length, LastError, LastChange, DaemonVersion, ApiVersion);
}
