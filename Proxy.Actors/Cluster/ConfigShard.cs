using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// One of the <see cref="ConfigSharding.ShardCount"/> pieces of what one node's providers
/// discovered, stored under a key only <paramref name="Node"/> writes. Each provider's routers,
/// services and middlewares are spread over the shards by name, so that 1,000 containers on one
/// Docker host stay far under the transport's frame size per key. Provider errors and read
/// failures travel in shard 0 only. <paramref name="Version"/> is the node's publication counter.
/// </summary>
/// <remarks>
/// A shard this node cannot read is a shard with <see cref="Refused"/> set and nothing else: DistributedData
/// still stores and gossips it (its payload unchanged), and <see cref="SharedConfigActor"/> keeps what it
/// had of that node instead of applying it.
/// </remarks>
public sealed record ConfigShard(string Node, int Shard, long Version, ImmutableArray<ProviderSnapshot> Providers) : IClusterMessage
{
    /// <summary>Why this node did not read the shard, with the payload as it came; null for a shard read.</summary>
    public RefusedConfig? Refused { get; init; }

    public static ConfigShard Unread(RefusedConfig refused) => new("", -1, 0, []) { Refused = refused };
}
