using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Puts a challenge answer into the replicated ACME state and completes only once every reachable
/// node can answer it, so whichever node the CA's validation reaches answers it; withdraws it the same
/// way. A write is confirmed when every node's replica holds the answer, but each node's ACME state
/// actor hears of it on DistributedData's next notification tick: <paramref name="settle"/> (two of
/// those ticks) is waited after the confirmation, or a CA that validates at once finds a 404.
/// </summary>
public sealed class ReplicatedChallengeResponder(AcmeStateWriter writer, TimeSpan settle, TimeProvider time) : IAcmeChallengeResponder
{
    public async Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(new PublishAcmeChallenge(answer), cancellationToken);
        await Task.Delay(settle, time, cancellationToken);
    }

    public Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) =>
        writer.WriteAsync(new WithdrawAcmeChallenge(answer), cancellationToken);
}
