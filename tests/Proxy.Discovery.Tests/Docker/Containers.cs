using System.Collections.Immutable;
using Proxy.Discovery.Docker;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// Hand-written containers shaped like what <c>docker inspect</c> shows for compose deployments,
/// so that each test states only what differs from a plain running compose container.
/// </summary>
internal static class Containers
{
    public const string Host = "docker-a";

    /// <summary>A container of compose project <c>shop</c> on its default bridge network, exposing port 80.</summary>
    public static ContainerInfo Compose(string service, int replica = 1, string ip = "172.18.0.2", params (string Key, string Value)[] labels) =>
        new(
            Id: $"{service}{replica}".PadRight(64, '0'),
            Name: $"shop-{service}-{replica}",
            Labels: Labels(
            [
                ("com.docker.compose.project", "shop"),
                ("com.docker.compose.service", service),
                ("com.docker.compose.container-number", replica.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("com.docker.compose.oneoff", "False"),
                .. labels,
            ]),
            State: ContainerState.Running,
            Health: ContainerHealth.None,
            Draining: false,
            NetworkMode: "shop_default",
            Networks: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("shop_default", ip)]),
            ExposedPorts: [80],
            Host: Host);

    /// <summary>A container started with <c>docker run --network host</c>: no compose labels, no IP of its own.</summary>
    public static ContainerInfo HostNetwork(string name, params (string Key, string Value)[] labels) =>
        new(
            Id: name.PadRight(64, 'f'),
            Name: name,
            Labels: Labels(labels),
            State: ContainerState.Running,
            Health: ContainerHealth.None,
            Draining: false,
            NetworkMode: "host",
            Networks: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("host", "")]),
            ExposedPorts: [],
            Host: Host);

    public static ImmutableSortedDictionary<string, string> Labels(IEnumerable<(string Key, string Value)> labels) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, labels.Select(l => KeyValuePair.Create(l.Key, l.Value)));

    public static ImmutableSortedDictionary<string, string> Networks(params (string Name, string Ip)[] networks) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, networks.Select(n => KeyValuePair.Create(n.Name, n.Ip)));
}
