namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// The limits of one order: <see cref="PollLimit"/> for each authorization and the finalization to
/// reach a final state, <see cref="OrderTimeout"/> for the whole order (account, challenges, download
/// and storage), <see cref="StateWriteTimeout"/> for each write to the replicated state, the back-off
/// after a failure, and <see cref="ChallengeSettle"/>: how long after a confirmed challenge write every
/// node serves the answer (two of DistributedData's notification ticks; the actor reads the tick from
/// the actor system's configuration when this is null).
/// </summary>
public sealed record AcmeOrderSettings(TimeSpan PollLimit, TimeSpan OrderTimeout, TimeSpan StateWriteTimeout, AcmeBackoff Backoff)
{
    public static AcmeOrderSettings Default { get; } = new(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10), AcmeBackoff.Default);

    public TimeSpan? ChallengeSettle { get; init; }
}
