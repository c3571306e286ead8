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
}
