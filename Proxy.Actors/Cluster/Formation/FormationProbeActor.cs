using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// Answers <see cref="FormationProbe"/>s on every node, joined or not, under a well-known name, so that a
/// node forming its cluster through a DNS seed can ask each address whether it already belongs to one.
/// It owns nothing: Akka needs an actor at a known path to answer over the cluster transport.
/// </summary>
public sealed class FormationProbeActor : ReceiveActor
{
    /// <summary>The actor's name under /user: on the wire, so the same on every build.</summary>
    public const string Name = "cluster-formation-probe";

    public FormationProbeActor()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var formation = FormationStatusCell.Get(Context.System);
        Receive<FormationProbe>(_ => Sender.Tell(
            Answer(cluster.SelfAddress.ToString(), cluster.SelfMember.Status, cluster.State.Members, formation.SelfJoinIssued)));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new FormationProbeActor());

    /// <summary>
    /// Members only once this node is Up (or WeaklyUp) itself: a node still joining has no cluster to offer.
    /// Between its own join and Up it answers "forming": a node that appeared meanwhile, even one with a
    /// lower address, must join it rather than pass its margin and form a second cluster.
    /// </summary>
    public static FormationProbeResult Answer(string self, MemberStatus status, IEnumerable<Member> members, bool selfJoinIssued) =>
        status is MemberStatus.Up or MemberStatus.WeaklyUp
            ? new(self, [.. members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp).Select(m => m.Address.ToString()).Order(StringComparer.Ordinal)])
            : new(self, ImmutableArray<string>.Empty, Forming: selfJoinIssued || status == MemberStatus.Joining);
}
