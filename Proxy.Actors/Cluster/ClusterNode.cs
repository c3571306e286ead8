using Akka.Actor;

namespace Proxy.Actors.Cluster;

/// <summary>
/// How a node is named in shared data: its cluster address without protocol and system
/// (<c>10.0.0.5:4053</c>). Stable across a restart on the same address, so merges, errors and the
/// API name a restarted node as before; its replicated keys add the run's uid (<see cref="ReplicationKeys"/>).
/// </summary>
public static class ClusterNode
{
    public static string Id(Address address) => $"{address.Host}:{address.Port}";
}
