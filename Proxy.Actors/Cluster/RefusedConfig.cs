using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// A configuration payload this node does not read: another node wrote it in a format this node does
/// not know (a newer node during a rolling upgrade, or an older one), so reading it could only misread
/// it. <paramref name="Payload"/> is kept as it came, so that this node passes it on unchanged when
/// DistributedData gossips the key to nodes that can read it.
/// </summary>
/// <param name="Reason">The formats and fingerprints of both sides, for the log and the API.</param>
public sealed record RefusedConfig(string Reason, ImmutableArray<byte> Payload);
