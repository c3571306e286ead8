using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Why routers serve the default certificate rather than their resolver's, by router: written by the
/// ordering actor of this node, read by the API, which shows each message as the router's error.
/// </summary>
public sealed class AcmeRouterStatusCell
{
    private volatile ImmutableSortedDictionary<string, ImmutableArray<string>> _current =
        ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, ImmutableArray<string>> Current => _current;

    public void Publish(IEnumerable<AcmeRouterProblem> problems) =>
        _current = problems
            .GroupBy(p => p.Router, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
}
