using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Actors.Tests.Support;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Routing;

public sealed class RouterActorTests : TestKit
{
    [Fact]
    public void Start_Spec_PublishesRuleChainAndCountersToItsParent()
    {
        var factory = new CountingHandlerFactory();
        var spec = Spec(Router(rule: "Host(`a.com`)", middlewares: ["m"]), StripPrefix("/api"));

        ChildActorOf(RouterActor.Props(new ConfigureRouter(spec, 1), factory));

        var published = ExpectMsg<RouterPublished>();
        Assert.Equal(1, published.Generation);
        Assert.Same(spec.Definition.Rule, published.Router.Definition.Rule);
        Assert.Equal("r@file", published.Router.Target.Router);
        Assert.Equal("svc@file", published.Router.Target.Service);
        Assert.Equal(spec.Middlewares, published.Router.Target.Chain.Handlers.Select(h => h.Definition));
        Assert.Equal(0, published.Router.Target.Counters.Read().Total);
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public void Configure_ChangedMiddleware_NewChainAndCounters()
    {
        var factory = new CountingHandlerFactory();
        var router = ChildActorOf(RouterActor.Props(new ConfigureRouter(Spec(Router(middlewares: ["m"]), StripPrefix("/api")), 1), factory));
        var first = ExpectMsg<RouterPublished>().Router;
        first.Target.Counters.Count(RouterOutcome.Served);

        router.Tell(new ConfigureRouter(Spec(Router(middlewares: ["m"]), StripPrefix("/v2")), 2));

        var second = ExpectMsg<RouterPublished>().Router;
        Assert.NotSame(first.Target.Chain, second.Target.Chain);
        Assert.NotSame(first.Target.Counters, second.Target.Counters);
        Assert.Equal(0, second.Target.Counters.Read().Total);
        Assert.Equal("/v2", Assert.IsType<StripPrefixConfig>(second.Target.Chain.Definitions.Single().Options).Prefixes.Single());
        Assert.Equal(2, factory.Created);
    }

    [Fact]
    public void Start_MiddlewareWithoutHandler_ReportsFailureNamingTheMiddlewareAndServesNothing()
    {
        ChildActorOf(RouterActor.Props(
            new ConfigureRouter(Spec(Router(middlewares: ["m"]), Headers(request: [("X-A", "1")])), 1), new CountingHandlerFactory(unsupportedType: "headers")));

        var failed = ExpectMsg<RouterFailed>();
        Assert.Equal("r@file", failed.Router);
        Assert.Equal("http.routers.r.middlewares", failed.Error.Path);
        Assert.Contains("middleware 'm@file' has type 'headers'", failed.Error.Message, StringComparison.Ordinal);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private static RouterSpec Spec(RouterConfig router, MiddlewareConfig middleware)
    {
        var config = Configuration.Validation.Validation.Run(Configuration.Validation.Validation.Provider("file", Dynamic(
            routers: [("r", router)],
            services: [("svc", Service("http://127.0.0.1:1"))],
            middlewares: [("m", middleware)])));
        var definition = config.Routers["r@file"];
        return new RouterSpec(definition, [.. definition.Middlewares.Select(m => config.Middlewares[m])]);
    }
}
