using Akka.Actor;
using Akka.Cluster;

namespace Proxy.Actors.Cluster;

/// <summary>
/// How a node is named in shared data: its cluster address without protocol and system
/// (<c>10.0.0.5:4053</c>). Stable across a restart on the same address, so a restarted node
/// overwrites what it wrote before instead of adding a second copy beside it.
/// </summary>
public static class ClusterNode
{
    public static string Id(Address address) => $"{address.Host}:{address.Port}";

    /// <summary>
    /// Whether <paramref name="member"/> is a new run of the node whose run <paramref name="counted"/>
    /// is known: same address, another uid, and joining or up. A restarted node keeps its id, and
    /// what its previous run wrote stays in the replicas until overwritten; news of that previous
    /// run (leaving, exiting, down, removed) can still arrive after the new run joined.
    /// </summary>
    public static bool IsNewRun(UniqueAddress counted, Member member) =>
        !counted.Equals(member.UniqueAddress) && member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up;
}
