using Akka.Cluster;
using Akka.DistributedData;

namespace Proxy.Actors.Certificates;

/// <summary>
/// How far an ACME write goes before it is answered: every member this node can reach, itself included.
/// An unreachable member is not waited for (the CA may still reach it through DNS, and a validation that
/// lands there fails and is retried by the resolver; gossip brings it the value once it is reachable
/// again), so one dead node cannot fail every order. A leaving or exiting member is not waited for
/// either: it is on its way out (the ordering node stopped mid-order, say) and may be gone before it
/// acknowledges, which made every write of its successor time out.
/// </summary>
public static class AcmeWriteConsistency
{
    public static IWriteConsistency Reachable(Akka.Cluster.Cluster cluster, TimeSpan timeout)
    {
        var state = cluster.State;
        var self = cluster.SelfUniqueAddress;
        var reachable = state.Members.Count(m =>
            m.UniqueAddress != self
            && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp
            && !state.Unreachable.Contains(m));
        return reachable == 0 ? WriteLocal.Instance : new WriteTo(reachable + 1, timeout);
    }
}
