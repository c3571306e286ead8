using System.Collections.Immutable;
using Akka.Actor;
using Proxy.Actors.Model;

namespace Proxy.Actors.Certificates;

/// <summary>
/// What is wrong with this node's ACME storage files right now (unreadable, unparsable, not
/// writable), per actor system, for <c>GET /api/errors</c>: the node serves regardless.
/// </summary>
public sealed class AcmeStorageErrorsCell : IExtension
{
    // A class, not the array struct, so that one reference swap publishes it.
    private volatile ImmutableList<ConfigError> _current = [];

    public ImmutableList<ConfigError> Current => _current;

    public static AcmeStorageErrorsCell Get(ActorSystem system) => system.WithExtension<AcmeStorageErrorsCell, Provider>();

    public void Publish(ImmutableList<ConfigError> errors) => _current = errors;

    private sealed class Provider : ExtensionIdProvider<AcmeStorageErrorsCell>
    {
        public override AcmeStorageErrorsCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
