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
            host)
        {
            PortBindings = Bindings(inspected.NetworkSettings?.Ports),
        };

    /// <summary>The first binding of each TCP port that has one, as Traefik takes the first.</summary>
    private static ImmutableSortedDictionary<int, HostPortBinding> Bindings(IDictionary<string, IList<PortBinding>>? ports)
    {
        var bindings = ImmutableSortedDictionary.CreateBuilder<int, HostPortBinding>();
        foreach (var (key, list) in ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            var parts = key.Split('/');
            if ((parts.Length == 1 || parts[1].Equals("tcp", StringComparison.OrdinalIgnoreCase))
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && list?.FirstOrDefault() is { } first
                && int.TryParse(first.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
            {
                bindings[port] = new HostPortBinding(first.HostIP ?? "", hostPort);
            }
        }

        return bindings.ToImmutable();
    }

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
