using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// What a node tells the others about itself for the cluster API's per-member proxy view: the
/// sources its providers watch (Docker hosts, files) and the version of the configuration it
/// last published. Stored under a key only <paramref name="Node"/> writes.
/// </summary>
public sealed record NodeStatus(string Node, long ConfigVersion, DateTimeOffset PublishedAt, ImmutableArray<SourceStatus> Sources) : IClusterMessage;

/// <summary>
/// One source a provider watches: a Docker host (<paramref name="Items"/> = containers) or a
/// file (<paramref name="Items"/> = routers, services and middlewares read from it).
/// </summary>
public sealed record SourceStatus(string Provider, string Source, bool Connected, int Items, string? LastError);
