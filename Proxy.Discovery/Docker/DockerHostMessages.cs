using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>A host actor listed its Docker host and follows its events; <see cref="HostContainersChanged"/> follows.</summary>
internal sealed record HostConnected(string Endpoint, string? DaemonVersion, string? ApiVersion);

/// <summary>A host actor lost its Docker host (or never reached it) and is retrying.</summary>
internal sealed record HostDisconnected(string Endpoint, string Reason);

/// <summary>
/// The whole current container set of one host. <paramref name="Urgent"/> is set when a container
/// started draining: the report must not wait for the coalescing window.
/// </summary>
internal sealed record HostContainersChanged(string Endpoint, ImmutableArray<ContainerInfo> Containers, bool Urgent);
