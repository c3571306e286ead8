namespace Proxy.Actors.Certificates;

/// <summary>
/// How the ACME state is shared. <paramref name="WriteTimeout"/>: how long a write waits for every
/// reachable member to hold it before it is answered <see cref="AcmeStateWriteFailed"/> (the value
/// is then on this node and gossip carries it on). <paramref name="MaxKeyBytes"/>: the largest value
/// one replicated key may hold, well under the transport's 128,000-byte frame (a larger key's gossip
/// would be dropped). <paramref name="ChallengeLifetime"/>: how long an answer nobody withdrew stays.
/// </summary>
public sealed record AcmeStateSettings(TimeSpan WriteTimeout, int MaxKeyBytes, TimeSpan ChallengeLifetime)
{
    /// <summary>
    /// The longest the first state waits for this node to be a member and to read the cluster's state
    /// from a majority (the index, then the keys, each within <see cref="WriteTimeout"/>); then it is
    /// published with what this node holds.
    /// </summary>
    public TimeSpan StartReadLimit { get; init; } = TimeSpan.FromSeconds(15);

    public static AcmeStateSettings Default { get; } = new(TimeSpan.FromSeconds(5), 64_000, TimeSpan.FromHours(1));
}
