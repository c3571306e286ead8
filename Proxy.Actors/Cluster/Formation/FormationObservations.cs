using System.Collections.Immutable;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// What a forming node has seen so far: the contact points of the last successful lookup and since when
/// they have been the same, the last lookup's error if it failed, and each contact point's last answer.
/// Replaced whole on every event; <see cref="FormationPolicy"/> reads it.
/// </summary>
public sealed record FormationObservations(
    ImmutableSortedSet<ContactPoint> ContactPoints,
    DateTimeOffset ContactPointsChangedAt,
    string? LookupError,
    ImmutableDictionary<ContactPoint, ProbeAnswer> Answers)
{
    /// <summary>Nothing seen yet: an empty set, changed at the node's start.</summary>
    public static FormationObservations Start(DateTimeOffset now) => new([], now, null, ImmutableDictionary<ContactPoint, ProbeAnswer>.Empty);

    /// <summary>
    /// A lookup's outcome. A different set restarts the stable margin and forgets the answers of the
    /// contact points that left it. A failed lookup keeps the set (the next success that gives the same
    /// set did not change it) but is remembered, and no node forms a cluster on a failed lookup.
    /// </summary>
    public FormationObservations Looked(ContactPointLookup lookup, DateTimeOffset now)
    {
        if (lookup.Error is { } error)
        {
            return this with { LookupError = error };
        }

        if (lookup.ContactPoints.SetEquals(ContactPoints))
        {
            return this with { LookupError = null };
        }

        return new FormationObservations(
            lookup.ContactPoints,
            now,
            null,
            Answers.Where(a => lookup.ContactPoints.Contains(a.Key)).ToImmutableDictionary());
    }

    /// <summary>A contact point's answer; one that is no longer in the set is ignored.</summary>
    public FormationObservations Answered(ContactPoint contactPoint, ProbeAnswer answer) =>
        ContactPoints.Contains(contactPoint) ? this with { Answers = Answers.SetItem(contactPoint, answer) } : this;
}
