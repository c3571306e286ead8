using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Routing.Middlewares;

public sealed class MiddlewareChainTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Build_Middlewares_OneNewHandlerEachInOrderAndLastRetryWins()
    {
        var factory = new CountingHandlerFactory();
        MiddlewareSnapshot[] definitions =
        [
            new RetryMiddleware("first@file", 2, Interval, false, 1024),
            new DeclaredMiddleware("strip@file", "stripPrefix") { Options = new StripPrefixConfig(["/api"]) },
            new RetryMiddleware("second@file", 5, Interval, false, 1024),
        ];

        var chain = MiddlewareChain.Build([.. definitions], factory);

        Assert.Equal(3, factory.Created);
        Assert.Equal(definitions, chain.Handlers.Select(h => h.Definition));
        Assert.Equal(definitions, chain.Definitions);
        Assert.Equal("second@file", chain.Retry?.Name);
        Assert.Equal(5, chain.Retry?.Attempts);
    }

    [Fact]
    public void Build_NoMiddlewares_SharedEmptyChainAndNoHandlerMade()
    {
        var factory = new CountingHandlerFactory();

        var chain = MiddlewareChain.Build([], factory);

        Assert.Same(MiddlewareChain.Empty, chain);
        Assert.True(chain.IsEmpty);
        Assert.Null(chain.Retry);
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public void Build_SameDefinitionsTwice_SeparateHandlers()
    {
        // Each router gets its own instances: per-router state must not be shared by two routers.
        var factory = new CountingHandlerFactory();
        MiddlewareSnapshot strip = new DeclaredMiddleware("strip@file", "stripPrefix") { Options = new StripPrefixConfig(["/api"]) };

        var first = MiddlewareChain.Build([strip], factory);
        var second = MiddlewareChain.Build([strip], factory);

        Assert.NotSame(first.Handlers[0], second.Handlers[0]);
    }
}
