using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// One order from account to stored certificate, off the actor thread: find or create the resolver's
/// account with its stored key (storing the account when it is new), order through the replicated
/// challenge responder, store the certificate. Never throws: every way it can end is an outcome.
/// </summary>
public static class AcmeOrderRun
{
    public const string StateProblemType = "urn:proxy:acme:state";

    /// <summary>The operation of a state problem met after the CA issued the certificate: storing it.</summary>
    public const string StoreCertificateOperation = "store certificate";

    /// <summary>
    /// A write to the cluster's state failed before the CA issued anything (the account, a challenge
    /// answer): nothing was validated, so the CA's limit of failed validations is untouched, and no
    /// certificate is lost by ordering again soon. Typical while the membership changes (the ordering
    /// node left or crashed mid-order).
    /// </summary>
    public static bool FailedBeforeIssuance(AcmeProblem problem) =>
        problem.Type == StateProblemType && problem.Operation != StoreCertificateOperation;

    public static async Task<AcmeOrderOutcome> RunAsync(
        AcmeDemand demand,
        AcmeResolverSettings settings,
        AcmeStoredAccount? stored,
        HttpClient http,
        AcmeStateWriter writer,
        string node,
        AcmeOrderSettings limits,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(limits.OrderTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var token = linked.Token;
        AcmeStoredAccount? fresh = null;
        try
        {
            // An account of another CA (the caserver option changed) is no use here: a new one is made.
            var reuse = stored is not null && stored.CaServer == settings.CaServer;
            using var key = reuse ? AcmeAccountKey.FromPem(stored!.KeyPem) : AcmeAccountKey.CreateEs256();
            var client = new AcmeClient(http, settings.CaServer, key, time);
            var account = await client.CreateAccountAsync(settings.Email, token);
            if (!account.IsSuccess)
            {
                return new AcmeOrderFailed(demand, account.Problem, null);
            }

            if (!reuse || stored!.AccountUrl != account.Value.Location)
            {
                fresh = new AcmeStoredAccount(settings.Name, settings.CaServer, settings.Email ?? string.Empty, key.ExportPem(), account.Value.Location);
                await writer.WriteAsync(new StoreAcmeAccount(fresh), token);
            }

            var issued = await AcmeIssuance.OrderAsync(
                client, demand.Domains, settings.ChallengeType, settings.KeyType, new ReplicatedChallengeResponder(writer), limits.PollLimit, token);
            if (!issued.IsSuccess)
            {
                return new AcmeOrderFailed(demand, issued.Problem, fresh);
            }

            // Whole milliseconds, as the cluster's wire format carries it: the storage files written from the
            // replicated value then equal the first one written, and a restart rewrites none of them.
            var now = time.GetUtcNow();
            var obtainedAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), now.Offset);
            var certificate = new AcmeStoredCertificate(
                settings.Name, issued.Value.Domains, issued.Value.ChainPem, issued.Value.KeyPem, issued.Value.NotAfter, node, obtainedAt);
            try
            {
                await writer.WriteAsync(new StoreAcmeCertificate(certificate), token);
            }
            catch (AcmeStateWriteException e)
            {
                return new AcmeOrderFailed(demand, new AcmeProblem(StateProblemType, e.Message, 0, StoreCertificateOperation), fresh);
            }

            return new AcmeOrderSucceeded(demand, certificate, fresh);
        }
        catch (AcmeStateWriteException e)
        {
            return new AcmeOrderFailed(demand, new AcmeProblem(StateProblemType, e.Message, 0, "store"), fresh);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new AcmeOrderFailed(demand, new AcmeProblem(AcmeProblem.TimeoutType,
                $"the order did not finish within the limit of {limits.OrderTimeout.TotalSeconds:0} s", 0, "order"), fresh);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new AcmeOrderFailed(demand, new AcmeProblem(AcmeProblem.TimeoutType, "the order was cancelled: the ordering actor stopped", 0, "order"), fresh);
        }
        catch (OperationCanceledException e)
        {
            // HttpClient's own timeout on one request.
            return new AcmeOrderFailed(demand, new AcmeProblem(AcmeProblem.TransportType, $"a request to the CA timed out: {e.Message}", 0, "order"), fresh);
        }
    }
}
