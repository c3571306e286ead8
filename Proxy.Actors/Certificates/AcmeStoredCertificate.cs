using System.Collections.Immutable;

namespace Proxy.Actors.Certificates;

/// <summary>
/// A certificate a resolver obtained, as the cluster replicates it and each node's storage file keeps it:
/// the domains it was ordered for (main first), the PEM chain and key, when it expires, which node
/// ordered it and when.
/// </summary>
public sealed record AcmeStoredCertificate(
    string Resolver,
    ImmutableArray<string> Domains,
    string ChainPem,
    string KeyPem,
    DateTimeOffset NotAfter,
    string OrderedBy,
    DateTimeOffset ObtainedAt);
