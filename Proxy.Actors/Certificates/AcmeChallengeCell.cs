using Akka.Actor;

namespace Proxy.Actors.Certificates;

/// <summary>
/// The HTTP-01 answers of <see cref="AcmeStateActor"/>, per actor system, for the request path to
/// read without asking an actor.
/// </summary>
public sealed class AcmeChallengeCell : IExtension
{
    private volatile AcmeHttpChallenges _current = AcmeHttpChallenges.Inactive;

    public AcmeHttpChallenges Current => _current;

    public static AcmeChallengeCell Get(ActorSystem system) => system.WithExtension<AcmeChallengeCell, Provider>();

    public void Publish(AcmeHttpChallenges challenges) => _current = challenges;

    private sealed class Provider : ExtensionIdProvider<AcmeChallengeCell>
    {
        public override AcmeChallengeCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
