using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>The CA's authorization of one identifier (RFC 8555 section 7.1.4).</summary>
public sealed record AcmeAuthorization(Uri Location, string Identifier, string Status, bool Wildcard, ImmutableArray<AcmeChallenge> Challenges)
{
    public AcmeChallenge? Challenge(string type) => Challenges.FirstOrDefault(c => c.Type == type);
}
