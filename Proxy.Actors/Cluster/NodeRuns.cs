using Akka.Cluster;

namespace Proxy.Actors.Cluster;

/// <summary>What a member event meant for the node it concerns.</summary>
public enum NodeJoin
{
    /// <summary>Nothing new: this node, a removed member, or more news of the run already counted.</summary>
    Nothing,

    /// <summary>A node with no run counted before.</summary>
    First,

    /// <summary>A new run of a node whose previous run was counted: what that run wrote counts no more.</summary>
    Restarted,
}

/// <summary>
/// The other members, and which run of each node counts, kept from the cluster's member events for
/// the actors that read what nodes write (<see cref="SharedConfigActor"/>, <see cref="SharedHealthActor"/>).
/// A node restarted on its address keeps its id (<see cref="ClusterNode.Id"/>) but not its uid:
/// each run writes keys of its own (<see cref="ReplicationKeys"/>), and news of the previous run
/// (its removal) can arrive after the new run joined. A removed member's run is kept until
/// <see cref="Forget"/>, because how long it still counts is the reader's rule: configuration
/// keeps it through a grace, health drops it at once.
/// </summary>
public sealed class NodeRuns(string self)
{
    private readonly Dictionary<string, UniqueAddress> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);

    /// <summary>How many other nodes are members now.</summary>
    public int MemberCount => _members.Count;

    /// <summary>A member event: <paramref name="run"/> is the member's address and uid, <paramref name="status"/> its status.</summary>
    public NodeJoin Joined(UniqueAddress run, MemberStatus status)
    {
        var node = ClusterNode.Id(run.Address);
        if (node == self || status == MemberStatus.Removed)
        {
            return NodeJoin.Nothing;
        }

        // News of the counted run, or of a previous run that arrives after a new one joined: only a
        // joining or live member with another uid is a new run.
        var previous = _runs.GetValueOrDefault(node);
        var newRun = status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up && !run.Equals(previous);
        if (previous is not null && !newRun)
        {
            return NodeJoin.Nothing;
        }

        _members.Add(node);
        _runs[node] = run;
        return previous is null ? NodeJoin.First : NodeJoin.Restarted;
    }

    /// <summary>
    /// A member removed: whether it is the counted run, which is then no longer a member (its run
    /// still counts until <see cref="Forget"/>). The removal of a previous run of a node that is
    /// back changes nothing.
    /// </summary>
    public bool Removed(UniqueAddress run)
    {
        var node = ClusterNode.Id(run.Address);
        return node != self && run.Equals(_runs.GetValueOrDefault(node)) && _members.Remove(node);
    }

    /// <summary>Stops counting a node that is not a member; false when it is one (it came back) or was not counted.</summary>
    public bool Forget(string node) => !_members.Contains(node) && _runs.Remove(node);

    public bool IsMember(string node) => _members.Contains(node);

    /// <summary>The counted run of <paramref name="node"/>, if any: whose keys are read.</summary>
    public UniqueAddress? RunOf(string node) => _runs.GetValueOrDefault(node);

    /// <summary>Whether a value counts: written by the counted run of another node.</summary>
    public bool Counts(string node, UniqueAddress writer) =>
        node != self && _runs.TryGetValue(node, out var run) && run.Equals(writer);
}
