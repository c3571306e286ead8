namespace Proxy.Actors.Routing.Rules;

/// <summary>
/// <c>ClientIP(`10.0.0.0/8`)</c>, against the TCP peer. An unknown peer matches nothing: a rule
/// restricting by address must not let through requests whose address it cannot check.
/// </summary>
internal sealed record ClientIpMatcher(IpRange Range) : RuleMatcher
{
    public override bool Matches(IRequestFacts request) => request.ClientIp is { } ip && Range.Contains(ip);
}
