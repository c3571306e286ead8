using System.Text.RegularExpressions;

namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>HostRegexp(`...`)</c>, tried against the lower-cased canonical host because Traefik
/// canonicalises the host to lower case before its matchers see it.
/// </summary>
internal sealed record HostRegexpMatcher(Regex Pattern) : RuleMatcher
{
    // Hosts are short; lower-casing on the stack keeps the common case allocation-free.
    private const int StackLimit = 256;

    public override bool Matches(IRequestFacts request)
    {
        var host = RequestHost.Canonical(request.Host);
        if (host.Length > StackLimit)
        {
            return Pattern.IsMatch(host.ToString().ToLowerInvariant());
        }

        Span<char> lower = stackalloc char[host.Length];
        host.ToLowerInvariant(lower);
        return Pattern.IsMatch(lower);
    }
}
