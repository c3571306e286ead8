namespace Proxy.Actors.Cluster.Formation;

/// <summary>Where a node forming its cluster through a DNS seed stands, in words for /ready and the log.</summary>
public sealed record FormationStatus(string Seed, string State)
{
    public override string ToString() => $"cluster formation through {Seed}: {State}";
}
