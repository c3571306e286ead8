using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Puts a challenge answer into the replicated ACME state and completes only once every reachable
/// node answers it (<see cref="AcmeStateWritten"/> means that), so whichever node the CA's validation
/// reaches answers it; withdraws it the same way.
/// </summary>
public sealed class ReplicatedChallengeResponder(AcmeStateWriter writer) : IAcmeChallengeResponder
{
    public Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) =>
        writer.WriteAsync(new PublishAcmeChallenge(answer), cancellationToken);

    public Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) =>
        writer.WriteAsync(new WithdrawAcmeChallenge(answer), cancellationToken);
}
