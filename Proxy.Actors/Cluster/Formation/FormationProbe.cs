namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// A forming node's question to a contact point's <see cref="FormationProbeActor"/>: do you belong to a
/// cluster, and which? Sent over the cluster transport, to a node that may not have joined anything yet.
/// </summary>
public sealed record FormationProbe : IClusterMessage
{
    public static FormationProbe Instance { get; } = new();

    private FormationProbe()
    {
    }
}
