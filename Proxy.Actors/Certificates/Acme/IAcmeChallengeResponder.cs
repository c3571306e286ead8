namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// Puts a challenge answer where the CA will look (a local listener, or every node of the cluster)
/// and takes it away after validation. Publishing completes only once the answer is served.
/// </summary>
public interface IAcmeChallengeResponder
{
    Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken);

    Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken);
}
