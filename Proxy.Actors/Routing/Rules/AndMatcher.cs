using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>a &amp;&amp; b &amp;&amp; ...</c>, kept flat so a long chain neither nests deeply nor
/// recurses once per operand.
/// </summary>
internal sealed record AndMatcher(ImmutableArray<RuleMatcher> Operands) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var operand in Operands)
        {
            if (!operand.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    // Every operand must match, so any operand's host set bounds the whole; several bound it
    // to their intersection.
    public override ImmutableSortedSet<string>? RequiredHosts()
    {
        ImmutableSortedSet<string>? hosts = null;
        foreach (var operand in Operands)
        {
            var own = operand.RequiredHosts();
            if (own is not null)
            {
                hosts = hosts is null ? own : hosts.Intersect(own);
            }
        }

        return hosts;
    }

    public override IEnumerable<string> NamedHosts() => Operands.SelectMany(o => o.NamedHosts());
}
