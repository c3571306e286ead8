using Akka.Cluster;

namespace Proxy.Actors.Cluster;

/// <summary>One run of a node as its keys name it: the node's id (<see cref="ClusterNode.Id"/>) and the run's uid.</summary>
public readonly record struct RunId(string Node, long Uid)
{
    public static RunId Of(UniqueAddress run) => new(ClusterNode.Id(run.Address), run.Uid);
}
