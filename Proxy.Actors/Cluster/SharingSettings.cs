namespace Proxy.Actors.Cluster;

/// <summary>
/// How a node shares what it knows. <paramref name="RemovedNodeGrace"/>: how long the servers a
/// removed node discovered keep serving (docs/cluster.md, "When a node is removed").
/// <paramref name="WriteTimeout"/>: how long a write waits for every node to acknowledge before
/// gossip is left to finish the job. <paramref name="MaxKeyBytes"/>: the largest value one key
/// may hold, well under the transport's 128,000-byte frame.
/// </summary>
public sealed record SharingSettings(TimeSpan RemovedNodeGrace, TimeSpan WriteTimeout, int MaxKeyBytes = 64_000)
{
    public static SharingSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
}
