using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.Composite;

/// <summary>
/// The counters of the services over services, by service name and then child (<c>weighted</c>, or a mirror's
/// name): a snapshot is rebuilt at every health change, and a round must not start over each time.
/// </summary>
public sealed record CompositeCursors(ImmutableDictionary<string, LoadBalancerCursor> ByKey)
{
    public static CompositeCursors Empty { get; } = new(ImmutableDictionary<string, LoadBalancerCursor>.Empty.WithComparers(StringComparer.Ordinal));
}
