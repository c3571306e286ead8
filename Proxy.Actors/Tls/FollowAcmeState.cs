using Akka.Actor;

namespace Proxy.Actors.Tls;

/// <summary>
/// Tells the certificate store to serve what <paramref name="State"/> (the node's replicated ACME state
/// actor) holds, for a node that starts that actor after the store: the store subscribes and serves its
/// certificates and TLS-ALPN-01 answers from the next <see cref="Certificates.AcmeSharedState"/> on.
/// </summary>
public sealed record FollowAcmeState(IActorRef State);
