using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// Akka Cluster Bootstrap's rule for forming a cluster from addresses a DNS name gives, as a pure
/// function of what the node has seen and the time:
/// <list type="number">
/// <item>a contact point that recently answered as a member of a cluster wins: join that cluster;</item>
/// <item>else a contact point that recently answered that it is forming a cluster (it joined itself, or is a
/// Joining member, and is not Up yet) wins the same way: join it, even from a lower address, since forming
/// another cluster beside it would split the nodes in two;</item>
/// <item>otherwise wait until the last lookup succeeded, the set of contact points has been the same for
/// the stable margin, every contact point but this node answered "not a member" recently, and there are at least
/// the required number of them, this node included (Akka's required-contact-point-nr): a node that sees too few,
/// itself alone say, keeps asking rather than form a cluster the others would never merge with;</item>
/// <item>then the node whose own contact point is the lowest of the set forms the cluster (joins itself),
/// and every other one keeps asking until the lowest answers as a member.</item>
/// </list>
/// Two nodes that see the same stable set agree on its lowest address, so only one of them forms; a node
/// whose own address is not in the set never forms one, it only joins.
/// </summary>
public static class FormationPolicy
{
    /// <summary>How many members a joining node is given as seeds, as Akka's bootstrap.</summary>
    public const int MaxSeeds = 5;

    /// <param name="observations">What the node has seen.</param>
    /// <param name="self">This node's own contact point (its advertised address and port), or null when it has no IP address to compare.</param>
    /// <param name="stableMargin">How long the set must stay the same before a node forms a cluster.</param>
    /// <param name="requiredContactPoints">How many contact points, this node's own included, must have answered before a node forms a cluster.</param>
    /// <param name="answerValidity">How old an answer may be and still count: older ones are from a contact point that may have changed since.</param>
    /// <param name="now">The time of the decision.</param>
    public static FormationDecision Decide(
        FormationObservations observations, ContactPoint? self, TimeSpan stableMargin, int requiredContactPoints, TimeSpan answerValidity, DateTimeOffset now)
    {
        var fresh = observations.Answers
            .Where(a => now - a.Value.ObservedAt <= answerValidity)
            .ToImmutableDictionary();
        var members = fresh.Values.Where(a => a.IsMember).SelectMany(a => a.Members).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Take(MaxSeeds).ToImmutableArray();
        if (!members.IsEmpty)
        {
            return new FormationDecision.JoinExisting(members);
        }

        var forming = fresh.Values.Select(a => a.FormingAs).OfType<string>().Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Take(MaxSeeds).ToImmutableArray();
        if (!forming.IsEmpty)
        {
            return new FormationDecision.JoinExisting(forming);
        }

        if (observations.LookupError is { } error)
        {
            return new FormationDecision.Wait(FormationWait.LookupFailed, error);
        }

        var contactPoints = observations.ContactPoints;
        if (contactPoints.IsEmpty)
        {
            return new FormationDecision.Wait(FormationWait.NothingResolved, "the seed resolved to no address yet");
        }

        var listed = string.Join(", ", contactPoints);
        if (self is null || !contactPoints.Contains(self))
        {
            return new FormationDecision.Wait(FormationWait.NotAContactPoint,
                $"this node's own address{(self is null ? "" : $" ({self})")} is not among {listed}: it joins the cluster one of them forms, and never forms one itself");
        }

        var stableFor = now - observations.ContactPointsChangedAt;
        if (stableFor < stableMargin)
        {
            return new FormationDecision.Wait(FormationWait.Unstable,
                $"the addresses ({listed}) changed {Seconds(stableFor)} ago; no node forms a cluster before they have been the same for {Seconds(stableMargin)} (--cluster.bootstrap.stablemargin)");
        }

        var silent = contactPoints.Where(c => c != self && !fresh.ContainsKey(c)).ToList();
        if (silent.Count > 0)
        {
            return new FormationDecision.Wait(FormationWait.Unanswered,
                $"no answer in the last {Seconds(answerValidity)} from {string.Join(", ", silent)} (of {listed}); a cluster is formed only once every address has answered that it has not joined one");
        }

        if (contactPoints.Count < requiredContactPoints)
        {
            return new FormationDecision.Wait(FormationWait.TooFewContactPoints,
                $"{contactPoints.Count} of the {requiredContactPoints} addresses required to form a new cluster answered ({listed}, this node included); waiting for more (--cluster.bootstrap.requiredcontactpoints)");
        }

        var lowest = contactPoints.Min!;
        return lowest == self
            ? new FormationDecision.FormSelf(contactPoints)
            : new FormationDecision.Wait(FormationWait.NotLowest, $"waiting for {lowest}, the lowest of {listed}, to form the cluster");
    }

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s";
}
