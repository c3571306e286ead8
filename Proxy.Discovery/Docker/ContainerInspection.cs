using System.Collections.Immutable;
using System.Globalization;
using Docker.DotNet.Models;

namespace Proxy.Discovery.Docker;

/// <summary>Turns Docker's inspect data into the translator's <see cref="ContainerInfo"/>.</summary>
internal static class ContainerInspection
{
    public static ContainerInfo ToContainerInfo(ContainerInspectResponse inspected, string host, bool draining) =>
        new(
            inspected.ID,
            (inspected.Name ?? "").TrimStart('/'),
            (inspected.Config?.Labels ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
            State(inspected.State?.Status),
            Health(inspected.State?.Health?.Status),
            draining,
            inspected.HostConfig?.NetworkMode ?? "",
            (inspected.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
                .ToImmutableSortedDictionary(n => n.Key, n => n.Value?.IPAddress ?? "", StringComparer.Ordinal),
            TcpPorts(inspected.Config?.ExposedPorts?.Keys),
            host);

    public static ContainerState State(string? status) => status switch
    {
        "created" => ContainerState.Created,
        "running" => ContainerState.Running,
        "paused" => ContainerState.Paused,
        "restarting" => ContainerState.Restarting,
        "removing" => ContainerState.Removing,
        "dead" => ContainerState.Dead,
        _ => ContainerState.Exited,
    };

    public static ContainerHealth Health(string? status) => status switch
    {
        "starting" => ContainerHealth.Starting,
        "healthy" => ContainerHealth.Healthy,
        "unhealthy" => ContainerHealth.Unhealthy,
        _ => ContainerHealth.None,
    };

    /// <summary>Keys look like <c>80/tcp</c>; UDP ports cannot carry HTTP.</summary>
    private static ImmutableArray<int> TcpPorts(IEnumerable<string>? keys) =>
        [.. (keys ?? [])
            .Select(key => key.Split('/'))
            .Where(parts => parts.Length == 1 || parts[1].Equals("tcp", StringComparison.OrdinalIgnoreCase))
            .Select(parts => int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0)
            .Where(port => port is > 0 and <= 65535)
            .Distinct()
            .Order()];
}
