using Proxy.Actors.Configuration;
using Proxy.Actors.Tests.Routing;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration;

public sealed class RouteTablesTests
{
    [Fact]
    public void Build_RouterWithMiddlewares_KeepsOrderAndLastRetryWins()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(middlewares: ["first", "strip", "second"]))],
            services: [("svc", Service("http://127.0.0.1:1"))],
            middlewares: [("first", Retry(attempts: 2)), ("strip", StripPrefix("/api")), ("second", Retry(attempts: 5))])));

        var target = RouteTables.Build(config, Validation.Validation.EntryPoints)["web"].Match(FakeRequest.Parse("GET a.com/"));

        Assert.NotNull(target);
        Assert.Equal(new[] { "first@file", "strip@file", "second@file" }, target.Middlewares.Select(m => m.Name));
        Assert.Equal("second@file", target.Retry?.Name);
        Assert.Equal(5, target.Retry?.Attempts);
    }

    [Fact]
    public void Build_RouterOnOneEntryPoint_AbsentFromTheOthers()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(entryPoints: ["websecure"]))],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        var tables = RouteTables.Build(config, Validation.Validation.EntryPoints);

        Assert.Null(tables["web"].Match(FakeRequest.Parse("GET a.com/")));
        Assert.Equal("r@file", tables["websecure"].Match(FakeRequest.Parse("GET a.com/"))?.Router);
        Assert.Null(tables["websecure"].Match(FakeRequest.Parse("GET a.com/"))?.Retry);
    }

    [Fact]
    public void Build_DisabledRouter_NotInAnyTable()
    {
        var config = Validation.Validation.Run(Validation.Validation.Provider("file", Dynamic(
            routers: [("r", Router(service: "ghost"))])));

        var tables = RouteTables.Build(config, Validation.Validation.EntryPoints);

        Assert.All(tables.Values, t => Assert.Equal(0, t.Count));
    }
}
