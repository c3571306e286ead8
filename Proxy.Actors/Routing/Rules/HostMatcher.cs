using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>Host(`example.com`)</c>. <paramref name="Host"/> is lower-cased and without a trailing
/// dot, compared against the canonical request host ignoring case, as Traefik does.
/// </summary>
internal sealed record HostMatcher(string Host) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) =>
        RequestHost.Canonical(request.Host).Equals(Host, StringComparison.OrdinalIgnoreCase);

    public override ImmutableSortedSet<string>? RequiredHosts() =>
        ImmutableSortedSet.Create(StringComparer.Ordinal, Host);

    public override IEnumerable<string> NamedHosts() => [Host];
}
