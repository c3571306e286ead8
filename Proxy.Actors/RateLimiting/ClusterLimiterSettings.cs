namespace Proxy.Actors.RateLimiting;

/// <summary>The bounds and delays of the cluster-wide limits; docs/middlewares.md names each.</summary>
public sealed record ClusterLimiterSettings
{
    public static ClusterLimiterSettings Default { get; } = new();

    /// <summary>How long a node waits for an owner's answer before it counts the owner as lost.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an owner that did not answer is counted as lost (the fallback applies) before it is asked again.</summary>
    public TimeSpan LostOwnerRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A lease is sized to what this node took over this long, so a node asks about 1 / window times a second per busy key.</summary>
    public TimeSpan LeaseWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Tokens of a lease not used within this are dropped: a node does not keep tokens through an idle spell.</summary>
    public TimeSpan LeaseLifetime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most keys an owner keeps; past it a key is untracked and its nodes apply their fallback.</summary>
    public int MaxOwnedKeys { get; init; } = 100_000;

    /// <summary>How often an owner drops the buckets that are full again and the slot tables that are empty.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(10);
}
