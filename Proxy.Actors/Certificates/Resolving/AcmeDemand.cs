using System.Collections.Immutable;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// One certificate the configuration asks a resolver for: its domains (main first, lower-case, each
/// once) and the routers that asked, which show the order's failure.
/// </summary>
public sealed record AcmeDemand(string Resolver, ImmutableArray<string> Domains, ImmutableSortedSet<string> Routers)
{
    /// <summary>What identifies the certificate: the resolver and its domains in order.</summary>
    public string Key => Resolver + "|" + string.Join(',', Domains);

    public override string ToString() => $"{string.Join(", ", Domains)} (resolver {Resolver})";
}
