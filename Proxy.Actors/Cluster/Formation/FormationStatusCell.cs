using Akka.Actor;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// The last <see cref="FormationStatus"/> the node's formation published, read by /ready; null for a node
/// that forms no cluster through DNS, or once it has joined.
/// </summary>
public sealed class FormationStatusCell : IExtension
{
    private volatile FormationStatus? _current;

    public FormationStatus? Current => _current;

    public static FormationStatusCell Get(ActorSystem system) => system.WithExtension<FormationStatusCell, Provider>();

    public void Publish(FormationStatus? status) => _current = status;

    private sealed class Provider : ExtensionIdProvider<FormationStatusCell>
    {
        public override FormationStatusCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
