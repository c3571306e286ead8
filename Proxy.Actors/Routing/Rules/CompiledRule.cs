using System.Collections.Immutable;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// A rule ready for the request path: immutable, safe to share across threads, and matching
/// without allocations in the common cases.
/// </summary>
public sealed class CompiledRule
{
    private readonly RuleMatcher _matcher;

    internal CompiledRule(string text, RuleMatcher matcher)
    {
        Text = text;
        _matcher = matcher;
        RequiredHosts = matcher.RequiredHosts() is { } hosts ? [.. hosts] : null;
        NamedHosts = [.. matcher.NamedHosts().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The rule as written.</summary>
    public string Text { get; }

    /// <summary>
    /// Lower-cased hosts (no port) outside which the rule cannot match, sorted; null when the
    /// rule may match some host not known in advance. Empty when it can match no host at all.
    /// </summary>
    public ImmutableArray<string>? RequiredHosts { get; }

    /// <summary>
    /// The lower-cased names given to <c>Host(...)</c> anywhere in the rule but under <c>!</c>, sorted:
    /// the domains of the router's certificate when its <c>tls.domains</c> is empty. <c>HostRegexp</c>
    /// names no domain.
    /// </summary>
    public ImmutableArray<string> NamedHosts { get; }

    public bool Matches(IRequestFacts request) => _matcher.Matches(request);

    public override string ToString() => Text;
}
