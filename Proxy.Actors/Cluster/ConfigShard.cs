using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// One of the <see cref="ConfigSharding.ShardCount"/> pieces of what one node's providers
/// discovered, stored under a key only <paramref name="Node"/> writes. Each provider's routers,
/// services and middlewares are spread over the shards by name, so that 1,000 containers on one
/// Docker host stay far under the transport's frame size per key. Provider errors and read
/// failures travel in shard 0 only. <paramref name="Version"/> is the node's publication counter.
/// </summary>
public sealed record ConfigShard(string Node, int Shard, long Version, ImmutableArray<ProviderSnapshot> Providers) : IClusterMessage;
