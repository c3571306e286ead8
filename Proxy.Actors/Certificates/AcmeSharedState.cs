using System.Collections.Immutable;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates;

/// <summary>
/// What the cluster knows of ACME, the same on every node once replicated: accounts by resolver, the
/// certificates obtained, and the challenge answers being validated right now (so whichever node the
/// CA reaches answers them).
/// </summary>
public sealed record AcmeSharedState(
    ImmutableDictionary<string, AcmeStoredAccount> Accounts,
    ImmutableArray<AcmeStoredCertificate> Certificates,
    ImmutableArray<AcmeChallengeAnswer> Challenges)
{
    public static AcmeSharedState Empty { get; } = new(ImmutableDictionary<string, AcmeStoredAccount>.Empty, [], []);
}
