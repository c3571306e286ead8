using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Routing;
using Proxy.Actors.Tests.Support;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration;

/// <summary>The view the API reads goes out with the tables requests are routed by, never ahead of them.</summary>
public sealed class PublishedViewTests : TestKit
{
    private readonly SnapshotCell _cell = new();

    [Fact]
    public void Publish_ServiceReadyBeforeItsRouter_ViewShowsTheRouterEnabledOnlyOnceItRoutes()
    {
        using var gate = new ManualResetEventSlim(false);
        var factory = new CountingHandlerFactory(gate: gate);
        var settings = new ConfigurationSettings(Validation.Validation.EntryPoints, Validation.Validation.InternalServices)
        {
            ServiceReadyTimeout = TimeSpan.FromSeconds(30),
            EntryPointTls = System.Collections.Immutable.ImmutableDictionary<string, RouterTlsConfig>.Empty,
        };
        var actor = Sys.ActorOf(ConfigurationActor.Props(settings, _cell, HealthServer.Prober(), TimeProvider.System, factory));
        actor.Tell(new ProviderConfigurationChanged("file", Dynamic(routers: [("web", Router())], services: [("svc", Service("http://127.0.0.1:1"))]), []));
        AwaitAssert(() => Assert.NotNull(Match(_cell.Current, "web", "GET a.com/")), TimeSpan.FromSeconds(5));
        var before = _cell.Current.Version;

        // The new router's chain is held in its factory; its new service answers at once and publishes its health.
        actor.Tell(new ProviderConfigurationChanged("file", Dynamic(
            routers: [("web", Router()), ("slow", Router(rule: "Host(`b.com`)", service: "svc2", middlewares: ["strip"]))],
            services: [("svc", Service("http://127.0.0.1:1")), ("svc2", Service("http://127.0.0.1:2"))],
            middlewares: [("strip", StripPrefix("/x"))]), []));
        try
        {
            AwaitAssert(() => Assert.True(_cell.Current.Services.ContainsKey("svc2@file")), TimeSpan.FromSeconds(5));
            var pending = _cell.Current;
            Assert.True(pending.Version > before);
            Assert.Null(Match(pending, "web", "GET b.com/"));
            Assert.False(pending.View.Routers.TryGetValue("slow@file", out var shown) && shown.Status == ObjectStatus.Enabled, "the API shows slow@file enabled while no request can reach it");
        }
        finally
        {
            gate.Set();
        }

        AwaitAssert(() =>
        {
            var published = _cell.Current;
            Assert.Equal(ObjectStatus.Enabled, published.View.Routers["slow@file"].Status);
            Assert.NotNull(Match(published, "web", "GET b.com/"));
        }, TimeSpan.FromSeconds(5));
    }

    private static RouteTarget? Match(RoutingSnapshot snapshot, string entryPoint, string request) =>
        snapshot.EntryPoints.TryGetValue(entryPoint, out var table) ? table.Match(FakeRequest.Parse(request)) : null;
}
