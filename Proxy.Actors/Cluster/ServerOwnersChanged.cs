using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>From the shared configuration to the shared health: which nodes watch each server URL.</summary>
public sealed record ServerOwnersChanged(ImmutableDictionary<string, ImmutableSortedSet<string>> Owners);
