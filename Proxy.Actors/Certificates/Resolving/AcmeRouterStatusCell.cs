using System.Collections.Immutable;
using Akka.Actor;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Why routers serve the default certificate rather than their resolver's, by router, read by the API,
/// which shows each message as the router's error. Two writers: every node's configuration check
/// (<see cref="PublishConfiguration"/>: an unknown resolver, a name ACME cannot prove) and this node's
/// <see cref="AcmeRouterProblemsActor"/> (<see cref="Publish"/>: the ordering singleton's failed orders and
/// its configuration problems, shown once, replicated from whichever node runs it). One per actor system
/// (<see cref="Get"/>); a test may make its own.
/// </summary>
public sealed class AcmeRouterStatusCell : IExtension
{
    private static readonly ImmutableSortedDictionary<string, ImmutableArray<string>> None =
        ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private ImmutableArray<AcmeRouterProblem> _configuration = [];
    private ImmutableArray<AcmeRouterProblem> _ordering = [];
    private volatile ImmutableSortedDictionary<string, ImmutableArray<string>> _current = None;

    public ImmutableSortedDictionary<string, ImmutableArray<string>> Current => _current;

    /// <summary>This node's own configuration problems, as last published by <see cref="PublishConfiguration"/>.</summary>
    public ImmutableArray<AcmeRouterProblem> ConfigurationProblems
    {
        get
        {
            lock (_gate)
            {
                return _configuration;
            }
        }
    }

    public static AcmeRouterStatusCell Get(ActorSystem system) => system.WithExtension<AcmeRouterStatusCell, Provider>();

    /// <summary>The ordering singleton's problems, wherever it runs, replacing its previous ones.</summary>
    public void Publish(IEnumerable<AcmeRouterProblem> problems)
    {
        lock (_gate)
        {
            _ordering = [.. problems];
            _current = Merge(_configuration, _ordering);
        }
    }

    /// <summary>This node's check of the configuration against its resolvers, replacing the previous one.</summary>
    public void PublishConfiguration(IEnumerable<AcmeRouterProblem> problems)
    {
        lock (_gate)
        {
            _configuration = [.. problems];
            _current = Merge(_configuration, _ordering);
        }
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<string>> Merge(
        ImmutableArray<AcmeRouterProblem> configuration, ImmutableArray<AcmeRouterProblem> ordering) =>
        configuration.Concat(ordering)
            .GroupBy(p => p.Router, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);

    private sealed class Provider : ExtensionIdProvider<AcmeRouterStatusCell>
    {
        public override AcmeRouterStatusCell CreateExtension(ExtendedActorSystem system) => new();
    }
}
