using System.Collections.Immutable;
using Akka.Actor;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The latest verdicts of <see cref="SharedHealthActor"/>, per actor system, so that a backend
/// actor started after a verdict still starts with it (the event stream only carries changes).
/// </summary>
public sealed class SharedHealthCell : IExtension
{
    private volatile ImmutableDictionary<string, SharedVerdict> _current = ImmutableDictionary<string, SharedVerdict>.Empty;

    public ImmutableDictionary<string, SharedVerdict> Current => _current;

    public static SharedHealthCell Get(ActorSystem system) => system.WithExtension<SharedHealthCell, Provider>();

    public void Publish(ImmutableDictionary<string, SharedVerdict> verdicts) => _current = verdicts;

    private sealed class Provider : ExtensionIdProvider<SharedHealthCell>
    {
        public override SharedHealthCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
