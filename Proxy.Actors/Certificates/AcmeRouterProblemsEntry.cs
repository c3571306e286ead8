using System.Collections.Immutable;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;

namespace Proxy.Actors.Certificates;

/// <summary>
/// The ordering singleton's router problems as DistributedData holds them (<see cref="AcmeReplicationKeys.RouterProblems"/>):
/// the whole list, replaced at each change, so that every node's API shows what the singleton's node sees.
/// <paramref name="Node"/> is the node whose singleton wrote it; <paramref name="Omitted"/> counts the
/// problems left out by <see cref="AcmeRouterProblemsBound"/>.
/// </summary>
/// <remarks>
/// A value this node cannot read (written by another build, in another format) is an entry with
/// <see cref="Unread"/> set and nothing else: the register still merges and gossips it, its payload
/// unchanged, instead of the whole gossip failing to deserialize.
/// </remarks>
public sealed record AcmeRouterProblemsEntry(string Node, ImmutableArray<AcmeRouterProblem> Problems, int Omitted) : IClusterMessage
{
    /// <summary>Why this node did not read the value, with the payload as it came; null for a value read.</summary>
    public RefusedConfig? Unread { get; init; }

    public static AcmeRouterProblemsEntry Refused(RefusedConfig refused) => new("", [], 0) { Unread = refused };

    /// <summary>The same problems, whoever wrote them: a new singleton with the old one's view need not write it again.</summary>
    public bool SameProblems(AcmeRouterProblemsEntry? other) =>
        other is not null
        && Unread is null && other.Unread is null
        && Omitted == other.Omitted
        && Problems.SequenceEqual(other.Problems);
}
