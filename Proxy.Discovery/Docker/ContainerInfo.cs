using System.Collections.Immutable;

namespace Proxy.Discovery.Docker;

/// <summary>
/// What the translator needs to know about one container, in our own terms, so that translation is
/// a pure function testable without a daemon. The watcher fills it from Docker's list/inspect data.
/// </summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The container name without Docker's leading '/'.</param>
/// <param name="Labels">Every label of the container; ordinal order makes label processing deterministic.</param>
/// <param name="State">Docker's state; only running containers are translated.</param>
/// <param name="Health">The Docker HEALTHCHECK state.</param>
/// <param name="Draining">Set by the watcher when it saw the stop signal: the container still serves in-flight requests but takes no new ones.</param>
/// <param name="NetworkMode">Docker's network mode: <c>host</c>, <c>bridge</c>, <c>none</c>, a network name, or <c>container:&lt;id&gt;</c>.</param>
/// <param name="Networks">Network name to the container's IP address on it.</param>
/// <param name="ExposedPorts">The TCP ports the image or run configuration exposes.</param>
/// <param name="Host">The name of the Docker endpoint the container was seen on.</param>
public sealed record ContainerInfo(
    string Id,
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    ContainerState State,
    ContainerHealth Health,
    bool Draining,
    string NetworkMode,
    ImmutableSortedDictionary<string, string> Networks,
    ImmutableArray<int> ExposedPorts,
    string Host)
{
    public const string ComposeServiceLabel = "com.docker.compose.service";
    public const string ComposeProjectLabel = "com.docker.compose.project";

    /// <summary>The compose service (<c>web</c>), or null for a container not started by compose.</summary>
    public string? ComposeService => Labels.GetValueOrDefault(ComposeServiceLabel);

    /// <summary>The compose project (<c>shop</c>), or null for a container not started by compose.</summary>
    public string? ComposeProject => Labels.GetValueOrDefault(ComposeProjectLabel);

    /// <summary>
    /// The first host binding of each published TCP port (<c>docker run -p 127.0.0.5:8081:80</c> gives 80 to
    /// 127.0.0.5:8081), for <see cref="DockerProviderOptions.UseBindPortIp"/>. Empty when nothing is published.
    /// </summary>
    public ImmutableSortedDictionary<int, HostPortBinding> PortBindings { get; init; } = ImmutableSortedDictionary<int, HostPortBinding>.Empty;

    /// <summary>Where errors about this container come from: <c>docker:&lt;host&gt;/&lt;name&gt;</c>.</summary>
    public string Source => $"docker:{Host}/{Name}";
}
