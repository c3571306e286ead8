using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Published on the event stream whenever other nodes' verdicts change: every backend actor
/// looks up its own URL. One message per change, not one per backend.
/// </summary>
public sealed record SharedHealthChanged(ImmutableDictionary<string, SharedVerdict> Verdicts);
