using Akka.Cluster;
using Akka.DistributedData;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The DistributedData keys: each node writes only keys with its own id in them, so no two nodes
/// ever write the same key and last-writer-wins registers never see concurrent writers.
/// </summary>
public static class ReplicationKeys
{
    public static LWWRegisterKey<ConfigShard> Config(string node, int shard) => new($"config/{node}/{shard}");

    public static LWWRegisterKey<NodeStatus> Status(string node) => new($"status/{node}");

    public static LWWRegisterKey<NodeHealthReport> Health(string node) => new($"health/{node}");

    /// <summary>
    /// The replicator message that sets <paramref name="key"/> to <paramref name="value"/> as its one
    /// writer: sent to every reachable node at once (gossip repairs what the write missed).
    /// </summary>
    public static Update Write<T>(LWWRegisterKey<T> key, T value, UniqueAddress writer, TimeSpan timeout) =>
        Dsl.Update(key, new LWWRegister<T>(writer, value), new WriteAll(timeout), register => register.WithValue(writer, value));
}
