namespace Proxy.Actors.Cluster;

/// <summary>
/// One node's view of one backend, shared so that what one node learns protects every node.
/// The time is wall-clock milliseconds because it is compared across machines.
/// </summary>
public sealed record BackendObservation(
    string Node,
    string ServerUrl,
    ObservedHealth Health,
    string Reason,
    long ObservedAtUnixMs) : IClusterMessage;
