namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// The limits of one order: <see cref="PollLimit"/> for each authorization and the finalization to
/// reach a final state, <see cref="OrderTimeout"/> for the whole order (account, challenges, download
/// and storage), <see cref="StateWriteTimeout"/> for each write to the replicated state, the
/// back-off after a failure, and <see cref="MinimumReorderGap"/>, the least time between a success and
/// the next order of the same certificate.
/// </summary>
public sealed record AcmeOrderSettings(TimeSpan PollLimit, TimeSpan OrderTimeout, TimeSpan StateWriteTimeout, AcmeBackoff Backoff)
{
    public static AcmeOrderSettings Default { get; } = new(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10), AcmeBackoff.Default);

    /// <summary>
    /// The back-off after a failure to write the cluster's state before the CA issued anything
    /// (<see cref="AcmeOrderRun.FailedBeforeIssuance"/>): five seconds, doubling to the same cap. The minute of
    /// <see cref="Backoff"/> spares the CA's limit of failed validations, which such a failure does not touch;
    /// a takeover after the ordering node left or crashed should cost seconds, not minutes.
    /// </summary>
    public AcmeBackoff StateBackoff { get; init; } = new(TimeSpan.FromSeconds(5), AcmeBackoff.Default.Cap);

    /// <summary>An hour: Let's Encrypt allows 5 certificates for the same names a week.</summary>
    public TimeSpan MinimumReorderGap { get; init; } = TimeSpan.FromHours(1);
}
