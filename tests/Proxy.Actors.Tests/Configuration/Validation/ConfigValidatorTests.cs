using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

public sealed class ConfigValidatorTests
{
    private const string Url = "http://127.0.0.1:8081";

    private const string KeptNote = "the new definition is invalid; the previous valid definition keeps serving";

    [Fact]
    public void Validate_RouterWithThreeProblems_ReportsThreeErrors()
    {
        var config = Dynamic(routers: [("r", Router(rule: null, service: null, entryPoints: ["nope"]))]);

        var result = Validation.Run(Validation.Provider("file", config));

        var view = result.View.Routers["r@file"];
        Assert.Equal(ObjectStatus.Disabled, view.Status);
        Assert.Equal(
            ["http.routers.r.rule", "http.routers.r.entryPoints", "http.routers.r.service"],
            view.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_ServiceWithThreeProblems_ReportsThreeErrors()
    {
        var config = Dynamic(services:
        [
            ("svc", ServiceOf([new("ftp://x", null), new(Url, -2)], Check(path: "health"))),
        ]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Equal(
            ["http.services.svc.loadBalancer.servers[0].url", "http.services.svc.loadBalancer.servers[1].weight", "http.services.svc.loadBalancer.healthCheck.path"],
            result.View.Services["svc@file"].Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData(null, LoadBalancingStrategy.WeightedRoundRobin)]
    [InlineData("wrr", LoadBalancingStrategy.WeightedRoundRobin)]
    [InlineData("p2c", LoadBalancingStrategy.PowerOfTwoChoices)]
    [InlineData("hrw", LoadBalancingStrategy.HighestRandomWeight)]
    [InlineData("leasttime", LoadBalancingStrategy.LeastTime)]
    public void Validate_Strategy_ServesIt(string? strategy, LoadBalancingStrategy expected)
    {
        var service = ServiceOf([new(Url, null)]);
        var config = Dynamic(services: [("svc", service with { LoadBalancer = service.LoadBalancer! with { Strategy = strategy } })]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Equal(expected, result.Services["svc@file"].Strategy);
        Assert.Equal(strategy ?? "wrr", result.Services["svc@file"].Options.Strategy);
    }

    [Theory]
    [InlineData("roundrobin")]
    [InlineData("WRR")]
    [InlineData("")]
    public void Validate_UnknownStrategy_ErrorOnTheServiceNamingTheAllowedValues(string strategy)
    {
        var bad = ServiceOf([new(Url, null)]);
        var config = Dynamic(services:
        [
            ("bad", bad with { LoadBalancer = bad.LoadBalancer! with { Strategy = strategy } }),
            ("good", ServiceOf([new(Url, null)])),
        ]);

        var result = Validation.Run(Validation.Provider("file", config));

        var error = Assert.Single(result.View.Services["bad@file"].Errors);
        Assert.Equal("http.services.bad.loadBalancer.strategy", error.Path);
        Assert.Contains($"'{strategy}' must be wrr or p2c or hrw or leasttime", error.Message, StringComparison.Ordinal);
        Assert.False(result.Services.ContainsKey("bad@file"));
        Assert.True(result.Services.ContainsKey("good@file"));
    }

    [Fact]
    public void Validate_MiddlewareWithThreeProblems_ReportsThreeErrors()
    {
        var config = Dynamic(middlewares: [("m", Retry(attempts: 0, initialInterval: "soon", maxBodyBytes: -5))]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Equal(3, result.View.Middlewares["m@file"].Errors.Length);
    }

    [Fact]
    public void Validate_UnknownTypesLeftDefault_TreatedAsNone()
    {
        // A provider that builds the record by hand may leave the array default rather than empty.
        var config = Dynamic(middlewares: [("m", MiddlewareConfig.Of(new RetryConfig(2, null, null, null)) with { UnknownTypes = default })]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Empty(result.View.AllErrors);
        Assert.Equal("retry", result.Middlewares["m@file"].Type);
    }

    [Fact]
    public void Validate_OneBrokenObject_OthersKeepServing()
    {
        var config = Dynamic(
            routers: [("good", Router(rule: "Host(`good.com`)")), ("bad", Router(rule: "Host(")), ("orphan", Router(service: "broken"))],
            services: [("svc", Service(Url)), ("broken", Service("nonsense"))]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Equal(["good@file"], result.Routers.Keys);
        Assert.Equal(["svc@file"], result.Services.Keys.Where(s => !s.EndsWith("@internal", StringComparison.Ordinal)));
        Assert.Equal(ObjectStatus.Enabled, result.View.Routers["good@file"].Status);
        Assert.Equal(ObjectStatus.Disabled, result.View.Routers["bad@file"].Status);
        Assert.Equal(ObjectStatus.Disabled, result.View.Routers["orphan@file"].Status);
        Assert.Equal(ObjectStatus.Disabled, result.View.Services["broken@file"].Status);
    }

    [Fact]
    public void Validate_CrossProviderReferences_Resolve()
    {
        var file = Dynamic(services: [("svc", Service(Url))], middlewares: [("retry", Retry())]);
        var docker = Dynamic(routers: [("web", Router(service: "svc@file", middlewares: ["retry@file"]))]);

        var result = Validation.Run(Validation.Provider("file", file), Validation.Provider("docker", docker));

        var router = result.Routers["web@docker"];
        Assert.Equal("svc@file", router.Service);
        Assert.Equal(new[] { "retry@file" }, router.Middlewares);
        Assert.Equal(new[] { "web@docker" }, result.View.Services["svc@file"].UsedBy);
        Assert.Equal(new[] { "web@docker" }, result.View.Middlewares["retry@file"].UsedBy);
    }

    [Fact]
    public void Validate_UnqualifiedReference_MeansOwnProvider()
    {
        var file = Dynamic(services: [("svc", Service(Url))]);
        var docker = Dynamic(routers: [("web", Router(service: "svc"))]);

        var result = Validation.Run(Validation.Provider("file", file), Validation.Provider("docker", docker));

        Assert.Contains(
            new ConfigError("docker", "http.routers.web.service", "service 'svc@docker' does not exist"),
            result.View.Routers["web@docker"].Errors);
    }

    [Fact]
    public void Validate_ServerWithSource_KeepsItForTheApi()
    {
        var config = Dynamic(services: [("svc", ServiceOf([new(Url, null, Source: "docker:unix:///var/run/docker.sock/web-1")]))]);

        var result = Validation.Run(Validation.Provider("docker", config));

        var server = Assert.Single(result.View.Services["svc@docker"].Serving!.Servers);
        Assert.Equal("docker:unix:///var/run/docker.sock/web-1", server.Source);
    }

    [Fact]
    public void Validate_InternalService_ServesWithoutServers()
    {
        var config = Dynamic(routers: [("api", Router(service: "api@internal"))]);

        var result = Validation.Run(Validation.Provider("file", config));

        Assert.Equal("api@internal", result.Routers["api@file"].Service);
        Assert.True(result.Services["api@internal"].IsInternal);
    }

    [Fact]
    public void Validate_NoEntryPointsGiven_ListensOnAll()
    {
        var result = Validation.Run(Validation.Provider("file", Dynamic(routers: [("r", Router())], services: [("svc", Service(Url))])));

        Assert.Equal(new[] { "web", "websecure" }, result.Routers["r@file"].EntryPoints);
    }

    [Fact]
    public void Validate_ValidObjectBecomesInvalid_KeepsPreviousDefinitionWithWarning()
    {
        var good = Dynamic(
            routers: [("r", Router(rule: "Host(`a.com`)"))],
            services: [("svc", Service(Url))],
            middlewares: [("m", Retry(attempts: 2))]);
        var bad = Dynamic(
            routers: [("r", Router(rule: "Host("))],
            services: [("svc", Service("nonsense"))],
            middlewares: [("m", Retry(attempts: 0))]);
        var first = Validation.Run(Validation.Provider("file", good));

        var second = Validation.Run(first, Validation.Provider("file", bad));

        Assert.Same(first.Routers["r@file"], second.Routers["r@file"]);
        Assert.Equal(first.Services["svc@file"], second.Services["svc@file"]);
        Assert.Equal(first.Middlewares["m@file"], second.Middlewares["m@file"]);
        var router = second.View.Routers["r@file"];
        Assert.Equal(ObjectStatus.Warning, router.Status);
        Assert.Equal(bad.Routers["r"], router.Config);
        Assert.Equal(["http.routers.r.rule", "http.routers.r.rule"], router.Errors.Select(e => e.Path));
        Assert.Equal(KeptNote, router.Errors[^1].Message);
        Assert.Equal(ObjectStatus.Warning, second.View.Services["svc@file"].Status);
        Assert.Equal(KeptNote, second.View.Services["svc@file"].Errors[^1].Message);
        Assert.Equal(ObjectStatus.Warning, second.View.Middlewares["m@file"].Status);
    }

    [Fact]
    public void Validate_NeverValidObject_IsDisabled()
    {
        var first = Validation.Run(Validation.Provider("file", Dynamic(services: [("svc", Service(Url))])));

        var second = Validation.Run(first, Validation.Provider("file", Dynamic(services: [("svc", Service(Url)), ("new", Service("nonsense"))])));

        var view = second.View.Services["new@file"];
        Assert.Equal(ObjectStatus.Disabled, view.Status);
        Assert.Null(view.Serving);
        Assert.DoesNotContain(view.Errors, e => e.Message == KeptNote);
        Assert.False(second.Services.ContainsKey("new@file"));
    }

    [Fact]
    public void Validate_InvalidThenFixed_IsEnabledAgain()
    {
        var first = Validation.Run(Validation.Provider("file", Dynamic(services: [("svc", Service(Url))])));
        var second = Validation.Run(first, Validation.Provider("file", Dynamic(services: [("svc", Service("nonsense"))])));

        var third = Validation.Run(second, Validation.Provider("file", Dynamic(services: [("svc", Service("http://127.0.0.2:8081"))])));

        Assert.Equal(ObjectStatus.Enabled, third.View.Services["svc@file"].Status);
        Assert.Equal("http://127.0.0.2:8081", third.Services["svc@file"].Servers.Single().Url);
    }

    [Fact]
    public void Validate_ObjectsDroppedWithReadErrors_AppearDisabled()
    {
        var config = Dynamic(services: [("svc", Service(Url))]);
        var errors = new[]
        {
            new ConfigError("docker:web-1", "http.routers.api.rule", "label has no value"),
            new ConfigError("docker:web-1", "http.services.db.loadBalancer.server.port", "'abc' is not a number"),
            new ConfigError("docker:web-1", "http.middlewares.auth.basicAuth", "cannot parse"),
        };

        var result = Validation.Run(Validation.Provider("docker", config, errors));

        var router = result.View.Routers["api@docker"];
        Assert.Equal(ObjectStatus.Disabled, router.Status);
        Assert.Null(router.Config);
        Assert.Equal(new[] { errors[0] }, router.Errors);
        Assert.Equal(ObjectStatus.Disabled, result.View.Services["db@docker"].Status);
        Assert.Equal(ObjectStatus.Disabled, result.View.Middlewares["auth@docker"].Status);
        Assert.Equal(ObjectStatus.Enabled, result.View.Services["svc@docker"].Status);
        Assert.Equal(ObjectStatus.Enabled, result.View.Providers["docker"].Status);
    }

    [Fact]
    public void Validate_ReadErrorOnObjectTheProviderKept_DisablesIt()
    {
        var config = Dynamic(services: [("svc", Service(Url))]);
        var error = new ConfigError("docker:web-1", "http.services.svc.loadBalancer.server.weight", "'x' is not a number");

        var result = Validation.Run(Validation.Provider("docker", config, error));

        Assert.Equal(ObjectStatus.Disabled, result.View.Services["svc@docker"].Status);
        Assert.Contains(error, result.View.Services["svc@docker"].Errors);
    }

    [Fact]
    public void Validate_UnattributedReadError_WarnsOnProvider()
    {
        var error = new ConfigError("docker", "containers", "daemon returned a container without a name");

        var result = Validation.Run(Validation.Provider("docker", Dynamic(), error));

        var provider = result.View.Providers["docker"];
        Assert.Equal(ObjectStatus.Warning, provider.Status);
        Assert.Equal(new[] { error }, provider.Errors);
    }

    [Fact]
    public void Validate_ProviderReadFailed_KeepsServingItsConfigAndWarns()
    {
        var config = Dynamic(routers: [("r", Router())], services: [("svc", Service(Url))]);
        var error = new ConfigError("file:/etc/proxy/dynamic.yml", "", "yaml: line 3: mapping values are not allowed");
        var failed = new Proxy.Actors.Configuration.ProviderState("file", config, [error], true, DateTimeOffset.UnixEpoch);

        var result = Validation.Run(failed);

        Assert.Contains("r@file", result.Routers.Keys);
        Assert.Equal(ObjectStatus.Enabled, result.View.Routers["r@file"].Status);
        Assert.Equal(ObjectStatus.Warning, result.View.Providers["file"].Status);
        Assert.Equal(new[] { error }, result.View.Providers["file"].Errors);
    }
}
