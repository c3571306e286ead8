using System.Collections.Immutable;
using Akka.Actor;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Why routers serve the default certificate rather than their resolver's, by router: written by the
/// ordering actor while it runs on this node, read by the API, which shows each message as the
/// router's error. One per actor system (<see cref="Get"/>); a test may make its own.
/// </summary>
public sealed class AcmeRouterStatusCell : IExtension
{
    private volatile ImmutableSortedDictionary<string, ImmutableArray<string>> _current =
        ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, ImmutableArray<string>> Current => _current;

    public static AcmeRouterStatusCell Get(ActorSystem system) => system.WithExtension<AcmeRouterStatusCell, Provider>();

    public void Publish(IEnumerable<AcmeRouterProblem> problems) =>
        _current = problems
            .GroupBy(p => p.Router, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);

    private sealed class Provider : ExtensionIdProvider<AcmeRouterStatusCell>
    {
        public override AcmeRouterStatusCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
