namespace Proxy.Actors.Cluster;

/// <summary>What other nodes' observations say about one backend, for its backend actor to apply.</summary>
public sealed record SharedVerdict(ObservedHealth Health, string Reason, long ExpiresAtUnixMs = 0);
