namespace Proxy.Actors.Cluster;

/// <summary>
/// One node's view of one backend, shared so that what one node learns protects every node.
/// Times are wall-clock Unix milliseconds because they are compared across machines;
/// <paramref name="ExpiresAtUnixMs"/> (0: never) bounds an ejection even if its reporter
/// vanishes before it can withdraw it.
/// </summary>
public sealed record BackendObservation(
    string Node,
    string ServerUrl,
    ObservedHealth Health,
    string Reason,
    long ObservedAtUnixMs,
    long ExpiresAtUnixMs = 0) : IClusterMessage;
