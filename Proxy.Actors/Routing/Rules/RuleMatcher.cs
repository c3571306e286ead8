using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary>A node of a compiled rule: a matcher call or a logical operator over other nodes.</summary>
internal abstract record RuleMatcher
{
    public abstract bool Matches(IRequestFacts request);

    /// <summary>
    /// Lower-cased hosts outside which this node cannot match, or null when no finite set
    /// exists. Lets the router table file a rule under its hosts instead of trying it on every
    /// request.
    /// </summary>
    public virtual ImmutableSortedSet<string>? RequiredHosts() => null;

    /// <summary>
    /// Every lower-cased name this node matches in <c>Host(...)</c>, wherever it stands but under a
    /// negation: the domains a certificate for the rule must cover, as Traefik reads them from a rule.
    /// </summary>
    public virtual IEnumerable<string> NamedHosts() => [];
}
