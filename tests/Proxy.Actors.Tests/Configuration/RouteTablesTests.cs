using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Actors.Tests.Routing;
using Proxy.Actors.Tests.Support;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration;

public sealed class RouteTablesTests
{
    private static readonly ImmutableDictionary<string, RouterTlsConfig> NoDefaults = ImmutableDictionary<string, RouterTlsConfig>.Empty;

    [Fact]
    public void Build_RouterWithMiddlewares_TargetIsTheRoutersOwn()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(middlewares: ["first", "strip", "second"]))],
            services: [("svc", Service("http://127.0.0.1:1"))],
            middlewares: [("first", Retry(attempts: 2)), ("strip", StripPrefix("/api")), ("second", Retry(attempts: 5))])));
        var published = Published(config);

        var target = RouteTables.Build(published, Validation.Validation.EntryPoints, NoDefaults).Plain["web"].Match(FakeRequest.Parse("GET a.com/"));

        Assert.NotNull(target);
        Assert.Same(published.Single().Target, target);
        Assert.Equal(new[] { "first@file", "strip@file", "second@file" }, target.Chain.Definitions.Select(m => m.Name));
    }

    [Fact]
    public void Build_RouterOnOneEntryPoint_AbsentFromTheOthers()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(entryPoints: ["websecure"]))],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        var tables = RouteTables.Build(Published(config), Validation.Validation.EntryPoints, NoDefaults).Plain;

        Assert.Null(tables["web"].Match(FakeRequest.Parse("GET a.com/")));
        Assert.Equal("r@file", tables["websecure"].Match(FakeRequest.Parse("GET a.com/"))?.Router);
        Assert.Null(tables["websecure"].Match(FakeRequest.Parse("GET a.com/"))?.Retry);
    }

    [Fact]
    public void Build_TlsRouter_InNoPlainTable()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("secure", Router() with { Tls = RouterTlsConfig.Empty }), ("plain", Router(rule: "Host(`b.com`)"))],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        var tables = RouteTables.Build(Published(config), Validation.Validation.EntryPoints, NoDefaults).Plain;

        Assert.All(tables.Values, t => Assert.Null(t.Match(FakeRequest.Parse("GET a.com/"))));
        Assert.Equal("plain@file", tables["web"].Match(FakeRequest.Parse("GET b.com/"))?.Router);
    }

    [Fact]
    public void Build_TlsAndPlainRouters_EachOnlyInItsOwnTable()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("secure", Router() with { Tls = RouterTlsConfig.Empty }), ("plain", Router(rule: "Host(`b.com`)"))],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        var (plain, tls) = RouteTables.Build(Published(config), Validation.Validation.EntryPoints, NoDefaults);

        Assert.Equal("secure@file", tls["web"].Match(FakeRequest.Parse("GET a.com/"))?.Router);
        Assert.Null(tls["web"].Match(FakeRequest.Parse("GET b.com/")));
        Assert.Null(plain["web"].Match(FakeRequest.Parse("GET a.com/")));
        Assert.Equal("plain@file", plain["web"].Match(FakeRequest.Parse("GET b.com/"))?.Router);
    }

    [Fact]
    public void Build_EntryPointTlsDefaults_RouterWithoutTlsIsTlsOnThatEntryPointOnly()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(entryPoints: ["web", "websecure"]))],
            services: [("svc", Service("http://127.0.0.1:1"))])));
        var defaults = ImmutableDictionary<string, RouterTlsConfig>.Empty.Add("websecure", RouterTlsConfig.Empty);

        var (plain, tls) = RouteTables.Build(Published(config), Validation.Validation.EntryPoints, defaults);

        Assert.Equal("r@file", plain["web"].Match(FakeRequest.Parse("GET a.com/"))?.Router);
        Assert.Null(tls["web"].Match(FakeRequest.Parse("GET a.com/")));
        Assert.Null(plain["websecure"].Match(FakeRequest.Parse("GET a.com/")));
        Assert.Equal("r@file", tls["websecure"].Match(FakeRequest.Parse("GET a.com/"))?.Router);
    }

    [Fact]
    public void Build_NoRouterPublished_EveryTableEmpty()
    {
        var tables = RouteTables.Build([], Validation.Validation.EntryPoints, NoDefaults).Plain;

        Assert.Equal(Validation.Validation.EntryPoints.Order(), tables.Keys.Order());
        Assert.All(tables.Values, t => Assert.Equal(0, t.Count));
    }

    /// <summary>What the router actors would publish for <paramref name="config"/>.</summary>
    private static List<PublishedRouter> Published(ValidatedConfig config)
    {
        var factory = new CountingHandlerFactory();
        return [.. config.Routers.Values.Select(r => new PublishedRouter(r, new RouteTarget(
            r.Name, r.Service, MiddlewareChain.Build([.. r.Middlewares.Select(m => config.Middlewares[m])], factory), new RouterCounters())))];
    }
}
