using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Every backend one node currently sees as not up (down, ejected, draining), stored under a key
/// only that node writes. A server missing from the report is up as far as that node knows, which
/// keeps the report small: healthy clusters replicate almost nothing.
/// </summary>
public sealed record NodeHealthReport(string Node, long Version, ImmutableArray<BackendObservation> Observations) : IClusterMessage;
