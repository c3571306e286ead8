using Akka.Actor;

namespace Proxy.Actors.Tls;

/// <summary>
/// The last <see cref="TlsConfigurationChanged"/> of this actor system, beside its publication on the
/// event stream: an actor that starts later (the ACME ordering singleton, moved to this node after the
/// loss of another) reads where the configuration stands instead of waiting for the next change.
/// </summary>
public sealed class TlsConfigurationCell : IExtension
{
    private volatile TlsConfigurationChanged? _current;

    /// <summary>Null until the configuration actor validated a first configuration.</summary>
    public TlsConfigurationChanged? Current => _current;

    public static TlsConfigurationCell Get(ActorSystem system) => system.WithExtension<TlsConfigurationCell, Provider>();

    public void Publish(TlsConfigurationChanged changed) => _current = changed;

    private sealed class Provider : ExtensionIdProvider<TlsConfigurationCell>
    {
        public override TlsConfigurationCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
