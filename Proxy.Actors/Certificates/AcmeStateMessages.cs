using Akka.Actor;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates;

// The replicated ACME state actor's protocol. Each write is answered with AcmeStateWritten once the
// value reached every reachable node (or AcmeStateWriteFailed), so a resolver tells the CA to validate
// only after every node can answer the challenge.

/// <summary>Subscribe to <see cref="AcmeSharedState"/>: the current state first, then every change.</summary>
public sealed record SubscribeAcmeState(IActorRef Subscriber);

public sealed record StoreAcmeAccount(AcmeStoredAccount Account);

/// <summary>Stores a certificate, replacing the resolver's previous one for the same domains.</summary>
public sealed record StoreAcmeCertificate(AcmeStoredCertificate Certificate);

public sealed record PublishAcmeChallenge(AcmeChallengeAnswer Answer);

public sealed record WithdrawAcmeChallenge(AcmeChallengeAnswer Answer);

public sealed record AcmeStateWritten;

public sealed record AcmeStateWriteFailed(string Reason);
