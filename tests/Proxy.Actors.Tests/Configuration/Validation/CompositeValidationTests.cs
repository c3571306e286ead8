using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.SessionAffinity;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>
/// Weighted, mirroring and failover services: one bad input per case, among good services a (127.0.0.1:8081)
/// and b (127.0.0.1:8082) and a router r on the service under test, svc. The bad service is disabled with
/// exactly that error, the router that uses it with the error a router gets for a disabled service, and a and b serve.
/// </summary>
public sealed class CompositeValidationTests
{
    private static readonly Dictionary<string, (string Name, ServiceConfig Service)[]> Cases = new()
    {
        ["weighted unknown child"] = [("svc", Weighted(("a", 1), ("ghost", 1)))],
        ["weighted child of unknown provider"] = [("svc", Weighted(("a@nowhere", 1)))],
        ["weighted disabled child"] = [("svc", Weighted(("a", 1), ("broken", 1))), ("broken", Service("ftp://x"))],
        ["weighted internal child"] = [("svc", Weighted(("api@internal", 1)))],
        ["weighted negative weight"] = [("svc", Weighted(("a", 1), ("b", -1)))],
        ["weighted no services"] = [("svc", Kind(weighted: new WeightedConfig([], null)))],
        ["weighted child without name"] = [("svc", Kind(weighted: new WeightedConfig([new WeightedServiceConfig(null, 1)], null)))],
        ["self cycle"] = [("svc", Weighted(("svc", 1)))],
        ["two-service cycle"] = [("svc", Weighted(("a", 1), ("loop", 1))), ("loop", Failover("svc", "b"))],
        ["failover unknown fallback"] = [("svc", Failover("a", "ghost"))],
        ["failover missing fallback"] = [("svc", Kind(failover: new FailoverConfig("a", null, null)))],
        ["mirroring unknown main"] = [("svc", Mirroring("ghost", ("b", 10)))],
        ["mirroring unknown mirror"] = [("svc", Mirroring("a", ("ghost", 10)))],
        ["mirroring percent over 100"] = [("svc", Mirroring("a", ("b", 101)))],
        ["mirroring percent below 0"] = [("svc", Mirroring("a", ("b", -1)))],
        ["mirroring body size below -1"] = [("svc", Kind(mirroring: new MirroringConfig("a", [], -2, null, null)))],
        ["two kinds"] = [("svc", Kind(weighted: new WeightedConfig([new WeightedServiceConfig("a", 1)], null), failover: new FailoverConfig("a", "b", null)))],
        ["child of a broken composite"] = [("svc", Failover("inner", "b")), ("inner", Weighted(("ghost", 1)))],
        ["weighted sticky same site"] = [("svc", StickyWeighted(StickyCookieConfig.Empty with { SameSite = "sometimes" }))],
        ["weighted sticky cookie name"] = [("svc", StickyWeighted(StickyCookieConfig.Empty with { Name = "canary;v=2" }))],
        ["weighted sticky path"] = [("svc", StickyWeighted(StickyCookieConfig.Empty with { Path = "app" }))],
        ["weighted sticky domain"] = [("svc", StickyWeighted(StickyCookieConfig.Empty with { Domain = "example.com; Secure" }))],
        ["weighted sticky cookie of a child's name"] = [("svc", StickyWeighted(Named("lb"), "a", "c")), ("c", StickyLoadBalancer("lb"))],
        ["weighted sticky cookie of a nested one's name"] =
        [
            ("svc", StickyWeighted(Named("lb"), "a", "safe")),
            ("safe", Failover("b", "inner")),
            ("inner", StickyWeighted(Named("lb"), "a", "b")),
        ],
    };

    [Theory]
    [InlineData("weighted unknown child", "http.services.svc.weighted.services[1].name", "service 'ghost@file' does not exist")]
    [InlineData("weighted child of unknown provider", "http.services.svc.weighted.services[0].name", "service 'a@nowhere' does not exist (no provider named 'nowhere')")]
    [InlineData("weighted disabled child", "http.services.svc.weighted.services[1].name", "service 'broken@file' has errors and is disabled")]
    [InlineData("weighted internal child", "http.services.svc.weighted.services[0].name", "service 'api@internal' is answered by the node itself: a weighted service can only name services that forward")]
    [InlineData("weighted negative weight", "http.services.svc.weighted.services[1].weight", "must not be negative, got -1")]
    [InlineData("weighted no services", "http.services.svc.weighted.services", "a weighted service needs at least one service")]
    [InlineData("weighted child without name", "http.services.svc.weighted.services[0].name", "is required")]
    [InlineData("self cycle", "http.services.svc.weighted.services[0].name", "services form a cycle: svc@file -> svc@file")]
    [InlineData("two-service cycle", "http.services.svc.weighted.services[1].name", "services form a cycle: loop@file -> svc@file -> loop@file")]
    [InlineData("failover unknown fallback", "http.services.svc.failover.fallback", "service 'ghost@file' does not exist")]
    [InlineData("failover missing fallback", "http.services.svc.failover.fallback", "is required")]
    [InlineData("mirroring unknown main", "http.services.svc.mirroring.service", "service 'ghost@file' does not exist")]
    [InlineData("mirroring unknown mirror", "http.services.svc.mirroring.mirrors[0].name", "service 'ghost@file' does not exist")]
    [InlineData("mirroring percent over 100", "http.services.svc.mirroring.mirrors[0].percent", "101 is not a percentage (0-100)")]
    [InlineData("mirroring percent below 0", "http.services.svc.mirroring.mirrors[0].percent", "-1 is not a percentage (0-100)")]
    [InlineData("mirroring body size below -1", "http.services.svc.mirroring.maxBodySize", "must be at least -1, got -2")]
    [InlineData("two kinds", "http.services.svc.failover", "a service is of one kind, this one gives weighted and failover: declare two services")]
    [InlineData("child of a broken composite", "http.services.svc.failover.service", "service 'inner@file' has errors and is disabled")]
    [InlineData("weighted sticky same site", "http.services.svc.weighted.sticky.cookie.sameSite", "'sometimes' must be none or lax or strict")]
    [InlineData("weighted sticky cookie name", "http.services.svc.weighted.sticky.cookie.name", "'canary;v=2' is not a cookie name (letters, digits and !#$%&'*+-.^_`|~)")]
    [InlineData("weighted sticky path", "http.services.svc.weighted.sticky.cookie.path", "'app' must start with '/'")]
    [InlineData("weighted sticky cookie of a child's name", "http.services.svc.weighted.sticky.cookie.name",
        "cookie 'lb' is also the sticky cookie of service 'c@file', which this service sends requests to: give the two different names")]
    [InlineData("weighted sticky cookie of a nested one's name", "http.services.svc.weighted.sticky.cookie.name",
        "cookie 'lb' is also the sticky cookie of service 'inner@file', which this service sends requests to: give the two different names")]
    [InlineData("weighted sticky domain", "http.services.svc.weighted.sticky.cookie.domain", "'example.com; Secure' is not a domain name")]
    public void Validate_BadCompositeService_DisablesItAndItsRouterOnly(string @case, string path, string message)
    {
        var result = Run(Cases[@case]);

        var service = result.View.Services["svc@file"];
        Assert.Equal(ObjectStatus.Disabled, service.Status);
        Assert.Contains(service.Errors, e => e.Path == path && e.Message == message && e.Source == "file");
        Assert.False(result.Services.ContainsKey("svc@file"));
        var router = result.View.Routers["r@file"];
        Assert.Equal(ObjectStatus.Disabled, router.Status);
        Assert.Equal("service 'svc@file' has errors and is disabled", Assert.Single(router.Errors).Message);
        Assert.Equal(ObjectStatus.Enabled, result.View.Services["a@file"].Status);
        Assert.Equal(ObjectStatus.Enabled, result.View.Services["b@file"].Status);
    }

    [Fact]
    public void Validate_CompositesOfEveryKind_ServeWithDefaultsFilledIn()
    {
        var result = Run(
        [
            ("svc", Weighted(("a", 3), ("inner", 1), ("b", 0))),
            ("inner", Failover("a", "b@file", healthCheck: true)),
            ("shadow", Mirroring("a", ("b", 10))),
        ]);

        Assert.Empty(result.View.AllErrors);
        var weighted = Assert.IsType<WeightedDefinition>(result.Services["svc@file"].Composite);
        Assert.Equal<WeightedChild>([new WeightedChild("a@file", 3), new WeightedChild("inner@file", 1), new WeightedChild("b@file", 0)], weighted.Children);
        Assert.False(weighted.PropagatesHealth);
        Assert.Equal(new FailoverDefinition("a@file", "b@file", true), result.Services["inner@file"].Composite);
        var mirroring = Assert.IsType<MirroringDefinition>(result.Services["shadow@file"].Composite);
        Assert.Equal((-1L, true, "b@file", 10), (mirroring.MaxBodySize, mirroring.MirrorBody, mirroring.Mirrors[0].Service, mirroring.Mirrors[0].Percent));
    }

    [Theory]
    [InlineData(16, null)]
    [InlineData(17, "services over services nest 17 deep from here (through 'svc1@file'), more than the 16 allowed")]
    [InlineData(100_000, "services over services nest 100000 deep from here (through 'svc1@file'), more than the 16 allowed")]
    public async Task Validate_ChainOfServicesOverServices_DeeperThanTheLimitDisabledWithoutRecursingDownIt(int length, string? message)
    {
        // svc -> svc1 -> ... -> a: a file this long was walked by recursion, as deep as the chain, until the stack overflowed.
        var chain = Enumerable.Range(0, length)
            .Select(i => (i == 0 ? "svc" : $"svc{i}", Failover(i == length - 1 ? "a" : $"svc{i + 1}", "b", healthCheck: true)))
            .ToArray();

        // On a thread of its own: the stack a thread of the configuration actor's pool has, not the test runner's.
        var result = await Task.Factory.StartNew(() => Run(chain), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .WaitAsync(TimeSpan.FromSeconds(60));

        var service = result.View.Services["svc@file"];
        if (message is null)
        {
            Assert.Empty(result.View.AllErrors);
            Assert.True(result.Services.ContainsKey("svc@file"));
        }
        else
        {
            Assert.Equal(ObjectStatus.Disabled, service.Status);
            Assert.Contains(service.Errors, e => e.Path == "http.services.svc.failover.service" && e.Message == message);
            Assert.True(result.Services.ContainsKey("a@file"));
        }
    }

    [Fact]
    public void Validate_WeightedStickyWithoutName_NameDerivedFromTheQualifiedNameAndDefaultsFilledIn()
    {
        var result = Run([("svc", StickyWeighted(StickyCookieConfig.Empty))]);

        Assert.Empty(result.View.AllErrors);
        var expected = new StickyCookieConfig(StickyCookie.DefaultName("svc@file"), false, false, null, 0, "/", null);
        Assert.Equal(expected, Assert.IsType<WeightedDefinition>(result.Services["svc@file"].Composite).Cookie);
        // What the API shows: the name in use.
        Assert.Equal(expected, result.Services["svc@file"].CompositeConfig!.Weighted!.Sticky!.Cookie);
    }

    [Fact]
    public void Validate_WeightedStickyNamed_KeepsItsNameAndOnlyThatChangesTheDefinition()
    {
        var named = Run([("svc", StickyWeighted(StickyCookieConfig.Empty with { Name = "canary", HttpOnly = true }))]).Services["svc@file"];
        var again = Run([("svc", StickyWeighted(StickyCookieConfig.Empty with { Name = "canary", HttpOnly = true }))]).Services["svc@file"];
        var renamed = Run([("svc", StickyWeighted(StickyCookieConfig.Empty with { Name = "canary2", HttpOnly = true }))]).Services["svc@file"];
        var without = Run([("svc", Weighted(("a", 1), ("b", 1)))]).Services["svc@file"];

        Assert.Equal("canary", Assert.IsType<WeightedDefinition>(named.Composite).Cookie!.Name);
        Assert.Equal(named, again);
        Assert.NotEqual(named, renamed);
        Assert.NotEqual(named, without);
        Assert.Null(Assert.IsType<WeightedDefinition>(without.Composite).Cookie);
    }

    [Fact]
    public void Validate_WeightedChildInAnotherProvider_Resolves()
    {
        var file = Validation.Provider("file", Dynamic(services: [("svc", Weighted(("web@docker", 1)))]));
        var docker = Validation.Provider("docker", Dynamic(
            routers: [("r", Router(service: "svc@file"))],
            services: [("web", Service("http://127.0.0.1:8083"))]));

        var result = Validation.Run(file, docker);

        Assert.Empty(result.View.AllErrors);
        Assert.True(result.Routers.ContainsKey("r@docker"));
    }

    [Fact]
    public void Validate_SameComposite_EqualsItselfAcrossReloads()
    {
        (string, ServiceConfig)[] services = [("svc", Mirroring("a", ("b", 10)))];

        var first = Run(services).Services["svc@file"];
        var second = Run(services).Services["svc@file"];
        var changed = Run([("svc", Mirroring("a", ("b", 20)))]).Services["svc@file"];

        Assert.Equal(first, second);
        Assert.NotEqual(first, changed);
    }

    private static Proxy.Actors.Configuration.Validation.ValidatedConfig Run((string Name, ServiceConfig Service)[] services) =>
        Validation.Run(Validation.Provider("file", Dynamic(
            routers: [("r", Router(service: "svc"))],
            services: [("a", Service("http://127.0.0.1:8081")), ("b", Service("http://127.0.0.1:8082")), .. services])));

    private static ServiceConfig Kind(WeightedConfig? weighted = null, MirroringConfig? mirroring = null, FailoverConfig? failover = null) =>
        ServiceConfig.Empty with { Weighted = weighted, Mirroring = mirroring, Failover = failover };

    private static ServiceConfig Weighted(params (string Name, int Weight)[] children) =>
        Kind(weighted: new WeightedConfig([.. children.Select(c => new WeightedServiceConfig(c.Name, c.Weight))], null));

    private static ServiceConfig StickyWeighted(StickyCookieConfig cookie, params string[] children) =>
        Kind(weighted: new WeightedConfig([.. (children.Length == 0 ? ["a", "b"] : children).Select(c => new WeightedServiceConfig(c, 1))], null)
        {
            Sticky = new StickyConfig(cookie),
        });

    private static StickyCookieConfig Named(string name) => StickyCookieConfig.Empty with { Name = name };

    private static ServiceConfig StickyLoadBalancer(string cookie) =>
        new(new LoadBalancerConfig([new ServerConfig("http://127.0.0.1:8083", null)], null, null, null) { Sticky = new StickyConfig(Named(cookie)) });

    private static ServiceConfig Failover(string service, string fallback, bool healthCheck = false) =>
        Kind(failover: new FailoverConfig(service, fallback, healthCheck ? ServiceHealthCheckConfig.Empty : null));

    private static ServiceConfig Mirroring(string service, params (string Name, int Percent)[] mirrors) =>
        Kind(mirroring: new MirroringConfig(service, [.. mirrors.Select(m => new MirrorConfig(m.Name, m.Percent))], null, null, null));
}
