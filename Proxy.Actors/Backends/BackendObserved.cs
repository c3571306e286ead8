using Proxy.Actors.Cluster;

namespace Proxy.Actors.Backends;

/// <summary>
/// A backend actor's own observation of its server changed (published on the event stream):
/// the cluster's health sharing picks it up and tells the other nodes. <paramref name="Until"/>
/// bounds an ejection.
/// </summary>
public sealed record BackendObserved(string Url, ObservedHealth Health, string Reason, DateTimeOffset? Until);
