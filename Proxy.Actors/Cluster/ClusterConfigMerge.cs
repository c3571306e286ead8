using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// One provider's configuration for the whole cluster: what every counted node's provider of
/// that name discovered, merged as containers are within one Docker host (a service gets the
/// servers of every node; an object declared differently by two nodes is left out with an error
/// naming them). Errors found by another node name it, so an operator knows where to look.
/// </summary>
public static class ClusterConfigMerge
{
    public sealed record Merged(DynamicConfig Config, ImmutableArray<ConfigError> Errors);

    /// <param name="self">This node's id: its own snapshots come first and its errors keep their source.</param>
    /// <param name="byNode">Every counted node's provider snapshots, this node's included.</param>
    public static ImmutableSortedDictionary<string, Merged> Merge(string self, IReadOnlyDictionary<string, ImmutableArray<ProviderSnapshot>> byNode)
    {
        var nodes = byNode.Keys.OrderBy(n => n == self ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var providers = byNode.Values.SelectMany(s => s).Select(s => s.Provider).Distinct(StringComparer.Ordinal);
        var result = ImmutableSortedDictionary.CreateBuilder<string, Merged>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            var errors = ImmutableArray.CreateBuilder<ConfigError>();
            var contributions = new List<Contribution>();
            foreach (var node in nodes)
            {
                foreach (var snapshot in byNode[node].Where(s => s.Provider == provider))
                {
                    var local = node == self;
                    contributions.Add(new Contribution(local ? provider : $"{provider} (node {node})", node, snapshot.Config));
                    errors.AddRange(local ? snapshot.Errors : snapshot.Errors.Select(e => e with { Source = $"{e.Source} (node {node})" }));
                }
            }

            var config = contributions.Count == 1 ? contributions[0].Config : ConfigMerger.Merge(contributions, "nodes", errors, oneServerPerUrl: true);
            result[provider] = new Merged(config, errors.ToImmutable());
        }

        return result.ToImmutable();
    }

    /// <summary>Which nodes declare each server URL: the nodes that watch it, whose word on its health counts most.</summary>
    public static ImmutableDictionary<string, ImmutableSortedSet<string>> Owners(IReadOnlyDictionary<string, ImmutableArray<ProviderSnapshot>> byNode)
    {
        var owners = new Dictionary<string, ImmutableSortedSet<string>>(StringComparer.Ordinal);
        foreach (var (node, snapshots) in byNode)
        {
            var urls = snapshots
                .SelectMany(s => s.Config.Services.Values)
                .SelectMany(s => s.LoadBalancer?.Servers ?? [])
                .Select(s => s.Url)
                .OfType<string>();
            foreach (var url in urls)
            {
                owners[url] = (owners.TryGetValue(url, out var set) ? set : ImmutableSortedSet<string>.Empty).Add(node);
            }
        }

        return owners.ToImmutableDictionary(StringComparer.Ordinal);
    }
}
