using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Proxy.Actors.Tests.Support;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Routing;

/// <summary>Router actors as the configuration actor drives them through reloads.</summary>
public sealed class RouterReloadTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly (string, ServiceConfig)[] Services = [("svc", Service("http://127.0.0.1:1"))];

    private readonly SnapshotCell _cell = new();

    [Fact]
    public void Reload_OtherRouterChanged_UnchangedRouterKeepsChainAndCounters()
    {
        var factory = new CountingHandlerFactory();
        var actor = Start(factory);
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)")));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Routers.Count), Wait);
        var a = _cell.Current.Routers["a@file"];
        var b = _cell.Current.Routers["b@file"];
        Count(a, 3);
        Count(b, 2);

        actor.Tell(Changed(TwoRouters(bRule: "Host(`b2.com`)")));

        AwaitAssert(() => Assert.NotNull(Match("GET b2.com/")), Wait);
        var after = _cell.Current.Routers;
        Assert.Same(a.Chain, after["a@file"].Chain);
        Assert.Same(a.Counters, after["a@file"].Counters);
        Count(after["a@file"], 1);
        Assert.Equal(4, after["a@file"].Counters.Served);
        Assert.NotSame(b.Chain, after["b@file"].Chain);
        Assert.NotSame(b.Counters, after["b@file"].Counters);
        Assert.Equal(0, after["b@file"].Counters.Read().Total);
        Assert.Equal(3, factory.Created);
    }

    [Fact]
    public void Reload_MiddlewareOfRouterChanged_RebuildsThatRoutersChainOnly()
    {
        var factory = new CountingHandlerFactory();
        var actor = Start(factory);
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)", stripA: "/a")));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Routers.Count), Wait);
        var a = _cell.Current.Routers["a@file"];
        var b = _cell.Current.Routers["b@file"];

        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)", stripA: "/x")));

        AwaitAssert(() => Assert.Equal("/x", StripOf(_cell.Current.Routers["a@file"])), Wait);
        var after = _cell.Current.Routers;
        Assert.NotSame(a.Chain, after["a@file"].Chain);
        Assert.Same(b.Chain, after["b@file"].Chain);
        Assert.Same(b.Counters, after["b@file"].Counters);
        Assert.Equal(3, factory.Created);
    }

    [Fact]
    public void Reload_SameConfiguration_NoChainBuiltAndSameTargets()
    {
        var factory = new CountingHandlerFactory();
        var actor = Start(factory);
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)")));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Routers.Count), Wait);
        var before = _cell.Current;

        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)")));

        AwaitAssert(() => Assert.True(_cell.Current.Version > before.Version), Wait);
        Assert.Same(before.Routers["a@file"], _cell.Current.Routers["a@file"]);
        Assert.Same(before.Routers["b@file"], _cell.Current.Routers["b@file"]);
        Assert.Equal(2, factory.Created);
    }

    [Fact]
    public void Reload_RouterStillBuilding_NothingOfTheReloadPublishedUntilItIs()
    {
        using var gate = new ManualResetEventSlim();
        var factory = new CountingHandlerFactory(gate: gate);
        var actor = Start(factory);
        actor.Tell(Changed(Dynamic(routers: [("a", Router(rule: "Host(`a.com`)"))], services: Services)));
        AwaitAssert(() => Assert.NotNull(Match("GET a.com/")), Wait);

        // a's new rule is ready at once; b's chain is held at the gate.
        actor.Tell(Changed(Dynamic(
            routers: [("a", Router(rule: "Host(`a2.com`)")), ("b", Router(rule: "Host(`b.com`)", middlewares: ["strip"]))],
            services: Services,
            middlewares: [("strip", StripPrefix("/b"))])));
        Assert.True(factory.AtGate.Wait(Wait));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.NotNull(Match("GET a.com/"));
        Assert.Null(Match("GET a2.com/"));

        gate.Set();

        AwaitAssert(() => Assert.NotNull(Match("GET b.com/")), Wait);
        Assert.NotNull(Match("GET a2.com/"));
        Assert.Null(Match("GET a.com/"));
    }

    [Fact]
    public void Reload_RouterLate_PublishedWithoutItThenWithItOnceBuilt()
    {
        using var gate = new ManualResetEventSlim();
        var actor = Start(new CountingHandlerFactory(gate: gate), TimeSpan.FromMilliseconds(300));

        actor.Tell(Changed(Dynamic(
            routers: [("a", Router(rule: "Host(`a.com`)")), ("b", Router(rule: "Host(`b.com`)", middlewares: ["strip"]))],
            services: Services,
            middlewares: [("strip", StripPrefix("/b"))])));

        // The rest of the configuration is not held hostage by one slow router.
        AwaitAssert(() => Assert.NotNull(Match("GET a.com/")), Wait);
        Assert.Null(Match("GET b.com/"));
        gate.Set();
        AwaitAssert(() => Assert.NotNull(Match("GET b.com/")), Wait);
    }

    [Fact]
    public void Reload_MiddlewareWithoutHandler_RouterDisabledWithErrorOthersServe()
    {
        var actor = Start(new CountingHandlerFactory(unsupportedType: "headers"));

        actor.Tell(Changed(Dynamic(
            routers: [("a", Router(rule: "Host(`a.com`)", middlewares: ["tag"])), ("b", Router(rule: "Host(`b.com`)"))],
            services: Services,
            middlewares: [("tag", Headers(request: [("X-Tag", "1")]))])));

        AwaitAssert(() => Assert.NotNull(Match("GET b.com/")), Wait);
        Assert.Null(Match("GET a.com/"));
        var view = _cell.Current.View.Routers["a@file"];
        Assert.Equal(ObjectStatus.Disabled, view.Status);
        Assert.Null(view.Serving);
        var error = Assert.Single(view.Errors);
        Assert.Equal("http.routers.a.middlewares", error.Path);
        Assert.Contains("middleware 'tag@file' has type 'headers'", error.Message, StringComparison.Ordinal);
        Assert.Contains(error, _cell.Current.View.AllErrors);
        Assert.False(_cell.Current.Routers.ContainsKey("a@file"));
    }

    /// <summary>The chain's error reads like the router's other errors: where they point, not the bare provider name.</summary>
    [Fact]
    public void Reload_ChainNotBuiltAndReadErrors_ChainErrorAttributedWhereTheReadErrorsPoint()
    {
        var actor = Start(new CountingHandlerFactory(unsupportedType: "headers"));
        var config = Dynamic(
            routers: [("a", Router(rule: "Host(`a.com`)", middlewares: ["tag"]))],
            services: Services,
            middlewares: [("tag", Headers(request: [("X-Tag", "1")]))]);
        actor.Tell(Changed(config));
        AwaitAssert(() => Assert.Single(_cell.Current.View.Routers["a@file"].Errors), Wait);
        var read = new ConfigError("file:/etc/proxy/dynamic.yml", "http.routers.a.bogus", "unknown field 'bogus'; it is ignored");

        actor.Tell(new ProviderConfigurationChanged("file", config, [read]));

        AwaitAssert(() => Assert.Contains(read, _cell.Current.View.Routers["a@file"].Errors), Wait);
        var errors = _cell.Current.View.Routers["a@file"].Errors;
        Assert.Contains(errors, e => e.Path == "http.routers.a.middlewares");
        Assert.All(errors, e => Assert.Equal("file:/etc/proxy/dynamic.yml", e.Source));
    }

    [Fact]
    public void Reload_RouterRemoved_GoneFromSnapshotAndItsActorStopped()
    {
        var actor = Start(new CountingHandlerFactory());
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)")));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Routers.Count), Wait);
        var routerActors = Sys.ActorSelection(actor.Path / "router-*");
        routerActors.Tell(new Identify("before"));
        foreach (var identity in ReceiveN(2).Cast<ActorIdentity>())
        {
            Watch(identity.Subject!);
        }

        actor.Tell(Changed(Dynamic(routers: [("a", Router(rule: "Host(`a.com`)", middlewares: ["strip-a"]))], services: Services, middlewares: [("strip-a", StripPrefix("/a"))])));

        ExpectMsg<Terminated>(Wait);
        AwaitAssert(() => Assert.Equal(new[] { "a@file" }, _cell.Current.Routers.Keys), Wait);
        Assert.Null(Match("GET b.com/"));
    }

    /// <summary>
    /// After a reload ran past the ready timeout, late routers answer in bulk; each answer rebuilding
    /// every table made that quadratic. The actor is held inside a message while ten answers queue.
    /// </summary>
    [Fact]
    public void LateRouterAnswers_QueuedTogether_PublishedOnce()
    {
        using var time = new GatedTimeProvider();
        var actor = Start(new CountingHandlerFactory(), time: time);
        actor.Tell(Changed(Dynamic(routers: [("a", Router(rule: "Host(`a.com`)"))], services: Services)));
        AwaitAssert(() => Assert.NotNull(Match("GET a.com/")), Wait);
        var late = new PublishedRouter(_cell.Current.View.Routers["a@file"].Serving!, _cell.Current.Routers["a@file"]);
        var routerActor = Identify(actor, "router-1");
        var before = _cell.Current.Version;

        time.Close();
        actor.Tell(new ProviderConfigurationFailed("held", []));
        for (var i = 0; i < 10; i++)
        {
            actor.Tell(new RouterPublished(late, 1), routerActor);
        }

        actor.Tell(new ProviderConfigurationFailed("after", []));
        time.Open();

        AwaitAssert(() => Assert.True(_cell.Current.View.Providers.ContainsKey("after")), Wait);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        // One publish for each provider message; the late answers went out with the second.
        Assert.Equal(before + 2, _cell.Current.Version);
    }

    /// <summary>
    /// A router actor that stops unasked (a failure: the parent stops failing children rather than
    /// restart them from the spec their props captured) is made anew from the router's current spec,
    /// and later changes reach it.
    /// </summary>
    [Fact]
    public void RouterActorStopped_AfterAChange_NewActorServesTheCurrentSpecAndLaterChanges()
    {
        var actor = Start(new CountingHandlerFactory());
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b.com`)")));
        AwaitAssert(() => Assert.NotNull(Match("GET b.com/")), Wait);
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b2.com`)")));
        AwaitAssert(() => Assert.NotNull(Match("GET b2.com/")), Wait);
        var counters = _cell.Current.Routers["b@file"].Counters;
        var b = Identify(actor, "router-2");
        Watch(b);

        b.Tell(Kill.Instance);

        ExpectTerminated(b, Wait);
        AwaitAssert(() => Assert.NotSame(counters, _cell.Current.Routers["b@file"].Counters), Wait);
        Assert.NotNull(Match("GET b2.com/"));
        Assert.Null(Match("GET b.com/"));
        actor.Tell(Changed(TwoRouters(bRule: "Host(`b3.com`)")));
        AwaitAssert(() => Assert.NotNull(Match("GET b3.com/")), Wait);
    }

    private IActorRef Identify(IActorRef parent, string child)
    {
        Sys.ActorSelection(parent.Path / child).Tell(new Identify(child));
        return ExpectMsg<ActorIdentity>(Wait).Subject!;
    }

    /// <param name="readyTimeout">By default long enough that no test publishes because a router was late.</param>
    private IActorRef Start(CountingHandlerFactory factory, TimeSpan? readyTimeout = null, TimeProvider? time = null)
    {
        var settings = new ConfigurationSettings(Configuration.Validation.Validation.EntryPoints, Configuration.Validation.Validation.InternalServices)
        {
            ServiceReadyTimeout = readyTimeout ?? TimeSpan.FromSeconds(30),
        };
        return Sys.ActorOf(ConfigurationActor.Props(settings, _cell, HealthServer.Prober(), time ?? TimeProvider.System, factory));
    }

    private static DynamicConfig TwoRouters(string bRule, string stripA = "/a") => Dynamic(
        routers: [("a", Router(rule: "Host(`a.com`)", middlewares: ["strip-a"])), ("b", Router(rule: bRule, middlewares: ["strip-b"]))],
        services: Services,
        middlewares: [("strip-a", StripPrefix(stripA)), ("strip-b", StripPrefix("/b"))]);

    private static ProviderConfigurationChanged Changed(DynamicConfig config) => new("file", config, []);

    private static void Count(RouteTarget target, int served)
    {
        for (var i = 0; i < served; i++)
        {
            target.Counters.Count(RouterOutcome.Served);
        }
    }

    private static string StripOf(RouteTarget target) =>
        Assert.IsType<StripPrefixConfig>(target.Chain.Handlers.Single().Definition.Options).Prefixes.Single();

    private RouteTarget? Match(string request) =>
        _cell.Current.EntryPoints.TryGetValue("web", out var table) ? table.Match(FakeRequest.Parse(request)) : null;
}
