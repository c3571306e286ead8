using System.Collections.Immutable;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The merge rule for backend health across nodes (docs/cluster.md, "Shared health"):
/// <list type="bullet">
/// <item>an ejection (connections refused, or passive failures) seen by any node takes the
/// server out everywhere until it expires: a refused connection is unambiguous;</item>
/// <item>draining or an active check's DOWN counts when the node reporting it watches the
/// server (its provider declares it): that node sits next to the container;</item>
/// <item>otherwise DOWN counts once a majority of the counted members report it, so that one
/// node with a broken route to a backend cannot take it away from all the others.</item>
/// </list>
/// A node's own observations are applied by its backend actors directly; this rule only turns
/// the others' reports into verdicts, counting this node's own DOWN towards the majority.
/// </summary>
public static class SharedHealthRule
{
    /// <param name="reports">The latest observations of every counted node, this node's included.</param>
    /// <param name="self">This node: its observations count towards a majority but never produce a verdict alone.</param>
    /// <param name="owners">Which nodes watch each server URL.</param>
    /// <param name="members">How many nodes are counted, for the majority.</param>
    public static ImmutableDictionary<string, SharedVerdict> Decide(
        IEnumerable<BackendObservation> reports,
        string self,
        IReadOnlyDictionary<string, ImmutableSortedSet<string>> owners,
        int members,
        long nowUnixMs)
    {
        var verdicts = ImmutableDictionary.CreateBuilder<string, SharedVerdict>(StringComparer.Ordinal);
        foreach (var byUrl in reports.Where(r => r.ExpiresAtUnixMs == 0 || r.ExpiresAtUnixMs > nowUnixMs).GroupBy(r => r.ServerUrl, StringComparer.Ordinal))
        {
            var others = byUrl.Where(r => r.Node != self).OrderBy(r => r.Node, StringComparer.Ordinal).ToList();
            var watchers = owners.TryGetValue(byUrl.Key, out var set) ? set : [];
            if (others.FirstOrDefault(r => r.Health == ObservedHealth.Ejected) is { } ejected)
            {
                verdicts[byUrl.Key] = new SharedVerdict(ObservedHealth.Ejected, $"ejected by node {ejected.Node}: {ejected.Reason}", ejected.ExpiresAtUnixMs);
            }
            else if (others.FirstOrDefault(r => r.Health == ObservedHealth.Draining && watchers.Contains(r.Node)) is { } draining)
            {
                verdicts[byUrl.Key] = new SharedVerdict(ObservedHealth.Draining, $"draining at node {draining.Node}: {draining.Reason}");
            }
            else if (others.FirstOrDefault(r => r.Health == ObservedHealth.Down && watchers.Contains(r.Node)) is { } down)
            {
                verdicts[byUrl.Key] = new SharedVerdict(ObservedHealth.Down, $"down at node {down.Node}, which watches it: {down.Reason}");
            }
            else
            {
                var downs = byUrl.Where(r => r.Health == ObservedHealth.Down).Select(r => r.Node).Distinct(StringComparer.Ordinal).Count();
                if (others.FirstOrDefault(r => r.Health == ObservedHealth.Down) is { } other && downs * 2 > members)
                {
                    verdicts[byUrl.Key] = new SharedVerdict(ObservedHealth.Down, $"down at {downs} of {members} nodes: {other.Reason}");
                }
            }
        }

        return verdicts.ToImmutable();
    }
}
