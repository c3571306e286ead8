using System.Collections.Immutable;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Resolving;

public sealed class AcmeDemandPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    private static readonly ImmutableSortedDictionary<string, AcmeResolverSettings> Resolvers = new Dictionary<string, AcmeResolverSettings>
    {
        ["le"] = new("le", null, AcmeResolverSettings.LetsEncryptProduction, "acme.json", AcmeKeyType.EC256, "web", false, TimeSpan.FromDays(90), []),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    private static TlsRouterDemand Router(string name, string? resolver, ImmutableArray<TlsDomainConfig> domains, params string[] hosts) =>
        new(name, ["websecure"], new RouterTlsConfig(resolver, domains, null), [.. hosts]);

    private static TlsConfigurationChanged Configuration(params TlsRouterDemand[] routers) => new(ValidatedTls.Empty, [.. routers]);

    [Fact]
    public void Demands_NoDomains_OneCertificateForTheRuleHosts()
    {
        var (demands, problems) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "le", [], "Example.com", "www.example.com")), Resolvers);

        Assert.Empty(problems);
        var demand = Assert.Single(demands);
        Assert.Equal(["example.com", "www.example.com"], demand.Domains.ToArray());
        Assert.Equal(["a@file"], demand.Routers.ToArray());
    }

    [Fact]
    public void Demands_Domains_OneCertificatePerEntryMainFirst()
    {
        var (demands, _) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "le",
            [new TlsDomainConfig("example.com", ["www.example.com"]), new TlsDomainConfig("example.org", [])], "ignored.example.net")), Resolvers);

        Assert.Equal([["example.com", "www.example.com"], ["example.org"]], demands.Select(d => d.Domains.ToArray()).OrderBy(d => d[0]).ToArray());
    }

    [Fact]
    public void Demands_TwoRoutersSameDomains_OneCertificateBothRouters()
    {
        var (demands, _) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "le", [], "example.com"), Router("b@docker", "le", [], "example.com")), Resolvers);

        Assert.Equal(["a@file", "b@docker"], Assert.Single(demands).Routers.ToArray());
    }

    [Fact]
    public void Demands_NoResolverOnTheRouter_Nothing()
    {
        var (demands, problems) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", null, [], "example.com")), Resolvers);

        Assert.Empty(demands);
        Assert.Empty(problems);
    }

    [Fact]
    public void Demands_UnknownResolver_ProblemOnTheRouter()
    {
        var (demands, problems) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "letsencrypt", [], "example.com")), Resolvers);

        Assert.Empty(demands);
        Assert.Equal(new AcmeRouterProblem("a@file", "router a@file uses a nonexistent certificate resolver letsencrypt (configured: le); it serves the default certificate"), Assert.Single(problems));
    }

    [Theory]
    [InlineData("*.example.com", "a wildcard certificate needs the DNS-01 challenge")]
    [InlineData("10.0.0.1", "ACME certificates here are for DNS names")]
    public void Demands_NameAcmeCannotProve_ProblemOnTheRouter(string host, string reason)
    {
        var (demands, problems) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "le", [new TlsDomainConfig(host, [])])), Resolvers);

        Assert.Empty(demands);
        Assert.Contains(reason, Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Demands_NoDomainAndNoHostRule_ProblemOnTheRouter()
    {
        var (_, problems) = AcmeDemandPolicy.Demands(Configuration(Router("a@file", "le", [])), Resolvers);

        Assert.Contains("names no domain", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(29, false)]
    public void Covering_StoredCertificate_CoversWhileMoreThanAThirdIsLeft(int daysLeft, bool covered)
    {
        var demand = new AcmeDemand("le", ["example.com"], ["a@file"]);
        var state = AcmeSharedState.Empty with { Certificates = [Stored("le", Now.AddDays(daysLeft), "example.com", "www.example.com")] };

        Assert.Equal(covered, AcmeDemandPolicy.Covering(demand, state, TimeSpan.FromDays(30), Now) is not null);
    }

    [Fact]
    public void Covering_AnotherResolversCertificate_DoesNotCover()
    {
        var demand = new AcmeDemand("le", ["example.com"], ["a@file"]);
        var state = AcmeSharedState.Empty with { Certificates = [Stored("other", Now.AddDays(80), "example.com")] };

        Assert.Null(AcmeDemandPolicy.Covering(demand, state, TimeSpan.FromDays(30), Now));
    }

    [Fact]
    public void Covering_CertificateMissingADomain_DoesNotCover()
    {
        var demand = new AcmeDemand("le", ["example.com", "www.example.com"], ["a@file"]);
        var state = AcmeSharedState.Empty with { Certificates = [Stored("le", Now.AddDays(80), "example.com")] };

        Assert.Null(AcmeDemandPolicy.Covering(demand, state, TimeSpan.FromDays(30), Now));
    }

    private static AcmeStoredCertificate Stored(string resolver, DateTimeOffset notAfter, params string[] domains) =>
        new(resolver, [.. domains], "chain", "key", notAfter, "node", Now.AddDays(-10));
}
