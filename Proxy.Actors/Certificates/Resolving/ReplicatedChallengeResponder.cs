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

    /// <summary>
    /// Never throws for a write that did not reach the cluster: the withdrawal follows the CA's verdict,
    /// and a failure here would replace that verdict (a failed validation would look like a state
    /// failure and be retried within seconds, into the CA's limit of failed validations). An answer
    /// left behind harms nothing and goes with the state's hourly sweep of old answers.
    /// </summary>
    public async Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(new WithdrawAcmeChallenge(answer), cancellationToken);
        }
        catch (AcmeStateWriteException)
        {
        }
    }
}
