using Proxy.Actors.Cluster;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// A node asks a key's owner for up to <see cref="Wanted"/> tokens of the cluster-wide bucket
/// (<see cref="TokensPerSecond"/>, <see cref="Burst"/>: the owner keeps the bucket the middleware declares).
/// <see cref="Node"/> receives the requests of the key at <see cref="Demand"/> a second, admitted or not,
/// and the owner shares the rate by demand. <see cref="Moved"/>: the node took this key from another owner
/// until now, so an owner that has no bucket for it starts one empty rather than full.
/// </summary>
public sealed record LeaseRequest(string Key, double TokensPerSecond, long Burst, int Wanted, string Node, double Demand, bool Moved) : IClusterMessage;

/// <summary>
/// The owner's answer: <see cref="Granted"/> tokens taken from the bucket for the asking node; with none,
/// the next comes in <see cref="RetryIn"/>. <see cref="Untracked"/>: the owner holds its most keys and
/// keeps none for this one, so the node applies its fallback.
/// </summary>
public sealed record LeaseGrant(int Granted, TimeSpan RetryIn, bool Untracked) : IClusterMessage;

/// <summary>A node asks a key's owner for one more in-flight slot of at most <see cref="Amount"/>, for <see cref="Node"/>.</summary>
public sealed record SlotRequest(string Key, long Amount, string Node) : IClusterMessage;

/// <summary>Whether the slot was granted; <see cref="Untracked"/> as in <see cref="LeaseGrant"/>.</summary>
public sealed record SlotGrant(bool Granted, bool Untracked) : IClusterMessage;

/// <summary>A node gives back <see cref="Count"/> slots of <see cref="Key"/> it no longer uses.</summary>
public sealed record SlotRelease(string Key, int Count, string Node) : IClusterMessage;
