using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary><c>a || b || ...</c>, flat for the same reason as <see cref="AndMatcher"/>.</summary>
internal sealed record OrMatcher(ImmutableArray<RuleMatcher> Operands) : RuleMatcher
{
    public override bool Matches(IRequestFacts request)
    {
        foreach (var operand in Operands)
        {
            if (operand.Matches(request))
            {
                return true;
            }
        }

        return false;
    }

    // One unbounded operand lets the whole match anywhere.
    public override ImmutableSortedSet<string>? RequiredHosts()
    {
        var hosts = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
        foreach (var operand in Operands)
        {
            var own = operand.RequiredHosts();
            if (own is null)
            {
                return null;
            }

            hosts = hosts.Union(own);
        }

        return hosts;
    }

    public override IEnumerable<string> NamedHosts() => Operands.SelectMany(o => o.NamedHosts());
}
