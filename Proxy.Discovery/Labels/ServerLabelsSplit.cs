using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Discovery.Labels;

/// <summary>
/// Takes each service's <c>loadBalancer.server</c> out of the label tree. Traefik's labels describe the one
/// server a container is (<c>server.port</c>), where YAML lists servers (<c>servers</c>); the first is read
/// by <see cref="ServerLabels.Schema"/>, the rest of the service by the declaration YAML uses too.
/// </summary>
internal static class ServerLabelsSplit
{
    private const string ServersByLabel =
        "servers are not given by labels: the container is the server of its services (use server.port, server.scheme, server.url or server.weight)";

    public static (MappingNode Remaining, ImmutableArray<(string Service, KeyNode Server)> Servers) Split(MappingNode root)
    {
        var servers = ImmutableArray.CreateBuilder<(string, KeyNode)>();
        var rest = Change(root, "http", http => Change(http, "services", services => services with
        {
            Entries = [.. services.Entries.Select(service => service.InvalidKey is null && service.Value is MappingNode kinds
                ? service with { Value = Change(kinds, "loadBalancer", balancer => Take(balancer, service.Key, servers)) }
                : service)],
        }));
        return (rest, servers.ToImmutable());
    }

    private static MappingNode Take(MappingNode balancer, string service, ImmutableArray<(string, KeyNode)>.Builder servers)
    {
        var kept = new List<KeyEntry>(balancer.Entries.Length);
        foreach (var entry in balancer.Entries)
        {
            if (Is(entry, "server"))
            {
                servers.Add((service, entry.Value));
            }
            else if (Is(entry, "servers"))
            {
                // Read as YAML's list, they would be silently replaced by the container's own server.
                kept.Add(entry with { Value = new InvalidNode(ServersByLabel, entry.KeyPosition) });
            }
            else
            {
                kept.Add(entry);
            }
        }

        return balancer with { Entries = [.. kept] };
    }

    /// <summary><paramref name="node"/> with the mapping under <paramref name="key"/> (any case) changed; other values stay for the decoder to report.</summary>
    private static MappingNode Change(MappingNode node, string key, Func<MappingNode, MappingNode> change) => node with
    {
        Entries = [.. node.Entries.Select(entry => Is(entry, key) && entry.Value is MappingNode mapping ? entry with { Value = change(mapping) } : entry)],
    };

    private static bool Is(KeyEntry entry, string key) =>
        entry.InvalidKey is null && entry.Key.Equals(key, StringComparison.OrdinalIgnoreCase);
}
