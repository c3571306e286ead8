using Akka.Actor;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// The last <see cref="FormationStatus"/> the node's formation published, read by /ready; null for a node
/// that forms no cluster through DNS, or once it has joined. It also says whether the formation has made
/// this node join itself, which the <see cref="FormationProbeActor"/> tells askers before the node is even
/// a Joining member.
/// </summary>
public sealed class FormationStatusCell : IExtension
{
    private volatile FormationStatus? _current;
    private volatile bool _selfJoinIssued;

    public FormationStatus? Current => _current;

    public bool SelfJoinIssued => _selfJoinIssued;

    public static FormationStatusCell Get(ActorSystem system) => system.WithExtension<FormationStatusCell, Provider>();

    public void Publish(FormationStatus? status) => _current = status;

    /// <summary>Set before the join is asked for, so no probe answered after it says "not a member".</summary>
    public void SelfJoinIssuedNow() => _selfJoinIssued = true;

    private sealed class Provider : ExtensionIdProvider<FormationStatusCell>
    {
        public override FormationStatusCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
