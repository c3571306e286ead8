using Akka.Cluster;
using Akka.DistributedData;
using Proxy.Actors.Cluster;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// Every key a run writes, for the tests that check the key set: the shared configuration writes its
/// shards and status, the shared health its report, and production never needs them together.
/// </summary>
internal static class RunKeys
{
    public static IEnumerable<IKey> All(UniqueAddress run) =>
        ReplicationKeys.ConfigAndStatus(run).Append(ReplicationKeys.Health(run));
}
