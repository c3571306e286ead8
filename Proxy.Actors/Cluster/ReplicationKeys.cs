using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The DistributedData keys: each run of a node (its address and uid) writes only keys with its
/// own id and uid in them, so no two nodes ever write the same key and last-writer-wins registers
/// never see concurrent writers. The uid is in the key because a deleted key can never be written
/// again: the keys of a run that is gone are deleted (docs/cluster.md, "When a node is removed"),
/// and a later run on the same address must still have keys of its own.
/// </summary>
public static class ReplicationKeys
{
    public static LWWRegisterKey<ConfigShard> Config(UniqueAddress run, int shard) => new($"config/{Run(run)}/{shard}");

    public static LWWRegisterKey<NodeStatus> Status(UniqueAddress run) => new($"status/{Run(run)}");

    public static LWWRegisterKey<NodeHealthReport> Health(UniqueAddress run) => new($"health/{Run(run)}");

    /// <summary>The configuration shards and status of a run: what the shared configuration reads and, once the run is gone, deletes.</summary>
    public static IEnumerable<IKey> ConfigAndStatus(UniqueAddress run) =>
        Enumerable.Range(0, ConfigSharding.ShardCount).Select(shard => (IKey)Config(run, shard)).Append(Status(run));

    /// <summary>
    /// The replicator message that sets <paramref name="key"/> to <paramref name="value"/> as its one
    /// writer: sent to every reachable node at once (gossip repairs what the write missed).
    /// </summary>
    public static Update Write<T>(LWWRegisterKey<T> key, T value, UniqueAddress writer, TimeSpan timeout) =>
        Dsl.Update(key, new LWWRegister<T>(writer, value), new WriteAll(timeout), register => register.WithValue(writer, value));

    /// <summary>
    /// The replicator message that deletes a key of a run that is gone, sent to every reachable node
    /// at once. Every member that counted the run sends it: a second delete is answered
    /// <see cref="DataDeleted"/> and changes nothing.
    /// </summary>
    public static Delete Remove(IKey key, TimeSpan timeout) => new(key, new WriteAll(timeout));

    /// <summary>
    /// Stops <paramref name="subscriber"/> reading <paramref name="keys"/> of a run that is gone and
    /// deletes them. Every member that counted the run does so; the first deletion wins and the
    /// others are answered <see cref="DataDeleted"/> (<see cref="Deleted"/>).
    /// </summary>
    public static void Drop(IActorRef replicator, IActorRef subscriber, IEnumerable<IKey> keys, TimeSpan timeout)
    {
        foreach (var key in keys)
        {
            replicator.Tell(new Unsubscribe(key, subscriber));
            replicator.Tell(Remove(key, timeout));
        }
    }

    /// <summary>
    /// A key already deleted: the answer to <see cref="Drop"/> when another member deleted it first,
    /// or, heard as a subscriber, a deletion by another member. Only one of <paramref name="own"/>
    /// (this run's keys) being deleted is news: the cluster removed this run.
    /// </summary>
    public static void Deleted(DataDeleted deleted, IEnumerable<IKey> own, ILoggingAdapter log)
    {
        if (own.Any(key => key.Id == deleted.Key.Id))
        {
            log.Warning("Key {0} of this node was deleted by the cluster, which removed this run of the node; it is no longer shared", deleted.Key);
        }
    }

    /// <summary>The answer to a <see cref="Remove"/>: one that reached not every node in time is carried by gossip.</summary>
    public static void DeleteAnswered(IDeleteResponse response, ILoggingAdapter log)
    {
        if (response is ReplicationDeleteFailure)
        {
            log.Debug("The deletion of {0} reached not every node in time; gossip will carry it", response.Key);
        }
    }

    /// <summary>
    /// The key named <paramref name="id"/> and the run that writes it, when it is one of ours
    /// (<c>config/&lt;run&gt;/&lt;shard&gt;</c>, <c>status/&lt;run&gt;</c>, <c>health/&lt;run&gt;</c>);
    /// false for any other key in the replicator.
    /// </summary>
    public static bool TryParse(string id, [NotNullWhen(true)] out IKey? key, out RunId run)
    {
        key = null;
        run = default;
        var parts = id.Split('/');
        if (parts.Length < 3 || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var uid))
        {
            return false;
        }

        key = (parts[0], parts.Length) switch
        {
            ("config", 4) when int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var shard) && shard < ConfigSharding.ShardCount
                => new LWWRegisterKey<ConfigShard>(id),
            ("status", 3) => new LWWRegisterKey<NodeStatus>(id),
            ("health", 3) => new LWWRegisterKey<NodeHealthReport>(id),
            _ => null,
        };
        run = new RunId(parts[1], uid);
        return key is not null;
    }

    /// <summary><c>host:port/uid</c>: the node's id (<see cref="ClusterNode.Id"/>) and which run of it wrote.</summary>
    private static string Run(UniqueAddress run) => $"{ClusterNode.Id(run.Address)}/{run.Uid}";
}
