using System.Collections.Immutable;
using Akka.Actor;

namespace Proxy.Actors.Cluster;

/// <summary>
/// What this node knows of every node's proxy state (<see cref="NodeStatus"/>), this node's
/// included, and since when removed nodes' data is kept (<see cref="Removed"/>). Read by the
/// cluster API; written by <see cref="SharedConfigActor"/> alone.
/// </summary>
public sealed record ClusterView(
    ImmutableSortedDictionary<string, NodeStatus> Nodes,
    ImmutableSortedDictionary<string, DateTimeOffset> Removed)
{
    /// <summary>Which nodes declare each server URL (<see cref="ClusterConfigMerge.Owners"/>): the API's <c>discoveredBy</c>.</summary>
    public ImmutableDictionary<string, ImmutableSortedSet<string>> Owners { get; init; } =
        ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>
    /// Per node, why this node does not apply some of its configuration: it wrote them in a format this
    /// node does not read (nodes of two builds during a rolling upgrade). Absent for every node read in full.
    /// </summary>
    public ImmutableSortedDictionary<string, string> Refused { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    public static ClusterView Empty { get; } = new(
        ImmutableSortedDictionary<string, NodeStatus>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal));
}

/// <summary>The latest <see cref="ClusterView"/> per actor system: one writer, lock-free readers.</summary>
public sealed class ClusterViewCell : IExtension
{
    private volatile ClusterView _current = ClusterView.Empty;

    public ClusterView Current => _current;

    public static ClusterViewCell Get(ActorSystem system) => system.WithExtension<ClusterViewCell, Provider>();

    public void Publish(ClusterView view) => _current = view;

    private sealed class Provider : ExtensionIdProvider<ClusterViewCell>
    {
        public override ClusterViewCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
