using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// What the TLS configuration asks of the resolvers, as Traefik reads it: a router with a
/// <c>certResolver</c> wants one certificate per <c>tls.domains</c> entry (main and SANs), or, with no
/// domains, one certificate for the host names of its rule. Routers asking the same resolver for the
/// same domains share one certificate. A router naming no configured resolver, or a name ACME cannot
/// prove with HTTP-01 or TLS-ALPN-01 (a wildcard, an IP address), gets a problem instead.
/// </summary>
public static class AcmeDemandPolicy
{
    public static (ImmutableArray<AcmeDemand> Demands, ImmutableArray<AcmeRouterProblem> Problems) Demands(
        TlsConfigurationChanged configuration, IReadOnlyDictionary<string, AcmeResolverSettings> resolvers)
    {
        var demands = new SortedDictionary<string, AcmeDemand>(StringComparer.Ordinal);
        var problems = ImmutableArray.CreateBuilder<AcmeRouterProblem>();
        foreach (var router in configuration.Routers)
        {
            if (router.Tls.CertResolver is not { } resolver)
            {
                continue;
            }

            if (!resolvers.ContainsKey(resolver))
            {
                var known = resolvers.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", resolvers.Keys.Order(StringComparer.Ordinal));
                problems.Add(new AcmeRouterProblem(router.Router,
                    $"router {router.Router} uses a nonexistent certificate resolver {resolver} ({known}); it serves the default certificate"));
                continue;
            }

            var sets = router.Tls.Domains.IsDefaultOrEmpty
                ? router.RuleHosts.IsDefaultOrEmpty ? [] : [router.RuleHosts]
                : router.Tls.Domains.Select(d => (ImmutableArray<string>)[d.Main ?? "", .. d.Sans.IsDefault ? [] : d.Sans]).ToList();
            if (sets.Count == 0)
            {
                problems.Add(new AcmeRouterProblem(router.Router,
                    $"router {router.Router} asks certificate resolver {resolver} for a certificate but names no domain: give tls.domains or a Host(...) rule"));
                continue;
            }

            foreach (var set in sets)
            {
                var domains = Normalize(set);
                if (Unprovable(domains) is { } reason)
                {
                    problems.Add(new AcmeRouterProblem(router.Router, $"router {router.Router}: certificate resolver {resolver} cannot order {reason}"));
                    continue;
                }

                var demand = new AcmeDemand(resolver, domains, [router.Router]);
                demands[demand.Key] = demands.TryGetValue(demand.Key, out var shared)
                    ? shared with { Routers = shared.Routers.Add(router.Router) }
                    : demand;
            }
        }

        return ([.. demands.Values], problems.ToImmutable());
    }

    /// <summary>
    /// The stored certificate that serves the demand: the resolver's, for at least its domains, and not
    /// yet due for renewal (<see cref="RenewalDue"/>). Null when the demand has to be ordered (again).
    /// </summary>
    public static AcmeStoredCertificate? Covering(AcmeDemand demand, AcmeSharedState state, TimeSpan certificatesDuration, DateTimeOffset now) =>
        Stored(demand, state) is { } stored && RenewalDue(stored, certificatesDuration) > now ? stored : null;

    /// <summary>When the stored certificate is renewed: <see cref="AcmeRenewal.Due"/> of its leaf, as the API shows it.</summary>
    public static DateTimeOffset RenewalDue(AcmeStoredCertificate stored, TimeSpan certificatesDuration) =>
        AcmeRenewal.Due(NotBefore(stored, certificatesDuration), stored.NotAfter, certificatesDuration);

    /// <summary>
    /// The leaf's start of validity. The state keeps only its end; a chain that does not parse (the
    /// certificate store shows that error) is taken to have lived certificatesDuration.
    /// </summary>
    public static DateTimeOffset NotBefore(AcmeStoredCertificate stored, TimeSpan certificatesDuration)
    {
        try
        {
            using var leaf = X509Certificate2.CreateFromPem(stored.ChainPem);
            return leaf.NotBefore.ToUniversalTime();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return stored.NotAfter - certificatesDuration;
        }
    }

    /// <summary>The resolver's newest stored certificate for at least the demand's domains, valid or not.</summary>
    public static AcmeStoredCertificate? Stored(AcmeDemand demand, AcmeSharedState state) =>
        state.Certificates
            .Where(c => c.Resolver == demand.Resolver && demand.Domains.All(d => c.Domains.Contains(d, StringComparer.OrdinalIgnoreCase)))
            .MaxBy(c => c.NotAfter);

    private static ImmutableArray<string> Normalize(ImmutableArray<string> domains) =>
        [.. domains.Select(Proxy.Actors.Tls.CertificateNames.Normalize).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string? Unprovable(ImmutableArray<string> domains)
    {
        if (domains.IsEmpty)
        {
            return "an empty tls.domains entry (give main)";
        }

        if (domains.FirstOrDefault(d => d.StartsWith("*.", StringComparison.Ordinal)) is { } wildcard)
        {
            return $"{wildcard}: a wildcard certificate needs the DNS-01 challenge, which this build does not offer";
        }

        if (domains.FirstOrDefault(d => IPAddress.TryParse(d, out _)) is { } address)
        {
            return $"{address}: ACME certificates here are for DNS names, not IP addresses";
        }

        return null;
    }
}
