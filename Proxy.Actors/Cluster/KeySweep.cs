using System.Collections.Immutable;
using Akka.DistributedData;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Finds the keys of runs that no member counts any more but nobody deleted: the members that
/// counted such a run all left before its grace ended (a rolling replacement on new addresses),
/// so the deletion at the end of the grace never happened. A key is deleted when two sweeps a
/// grace apart both find its run neither live nor within this node's grace: a run this node
/// never saw gets a whole grace, as the nodes that did see it give it.
/// </summary>
public static class KeySweep
{
    /// <param name="keys">Every key id the replicator holds.</param>
    /// <param name="live">The runs whose keys stay: this node, every member, every run within this node's grace.</param>
    /// <param name="suspects">The keys the previous sweep found orphaned.</param>
    /// <returns>The keys to delete now, and the keys found orphaned for the first time: the next sweep's suspects.</returns>
    public static (ImmutableArray<IKey> Delete, ImmutableHashSet<string> Suspects) Sweep(
        IEnumerable<string> keys, IReadOnlySet<RunId> live, ImmutableHashSet<string> suspects)
    {
        var delete = ImmutableArray.CreateBuilder<IKey>();
        var next = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var id in keys.Order(StringComparer.Ordinal))
        {
            if (!ReplicationKeys.TryParse(id, out var key, out var run) || live.Contains(run))
            {
                continue;
            }

            if (suspects.Contains(id))
            {
                delete.Add(key);
            }
            else
            {
                next.Add(id);
            }
        }

        return (delete.ToImmutable(), next.ToImmutable());
    }
}
