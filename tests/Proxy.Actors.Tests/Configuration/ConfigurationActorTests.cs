using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Actors.Tests.Routing;
using Proxy.Actors.Tests.Support;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration;

public sealed class ConfigurationActorTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly SnapshotCell _cell = new();

    [Fact]
    public void ProviderChanged_ValidConfig_PublishesTablesPerEntryPointAndServices()
    {
        var actor = Start();

        actor.Tell(Changed("file", Dynamic(
            routers: [("web", Router(rule: "Host(`a.com`)", entryPoints: ["web"])), ("api", Router(rule: "Host(`api.com`)", service: "api@internal"))],
            services: [("svc", Service("http://127.0.0.1:1", "http://127.0.0.1:2"))])));

        AwaitAssert(() =>
        {
            var snapshot = _cell.Current;
            Assert.Equal(new[] { "web", "websecure" }, snapshot.EntryPoints.Keys.Order());
            Assert.Equal("svc@file", Match(snapshot, "web", "GET a.com/")?.Service);
            Assert.Null(Match(snapshot, "websecure", "GET a.com/"));
            Assert.Equal("api@internal", Match(snapshot, "websecure", "GET api.com/")?.Service);
            Assert.Equal(new[] { "http://127.0.0.1:1", "http://127.0.0.1:2" }, snapshot.Services["svc@file"].Servers.Select(s => s.Url));
            Assert.True(snapshot.Services["api@internal"].IsInternal);
        }, Wait);
    }

    [Fact]
    public void ProviderChanged_EachPublish_IncreasesVersion()
    {
        var actor = Start();
        AwaitAssert(() => Assert.True(_cell.Current.Version >= 1), Wait);
        var before = _cell.Current.Version;

        actor.Tell(Changed("file", Dynamic(services: [("svc", Service("http://127.0.0.1:1"))])));

        AwaitAssert(() => Assert.True(_cell.Current.Services.ContainsKey("svc@file")), Wait);
        Assert.True(_cell.Current.Version > before);
    }

    [Fact]
    public void ProviderFailed_AfterGoodConfig_KeepsServingAndWarns()
    {
        var actor = Start();
        actor.Tell(Changed("file", Dynamic(routers: [("web", Router())], services: [("svc", Service("http://127.0.0.1:1"))])));
        AwaitAssert(() => Assert.NotNull(Match(_cell.Current, "web", "GET a.com/")), Wait);
        var error = new ConfigError("file:/etc/proxy/dynamic.yml", "", "yaml: line 3: did not find expected key");

        actor.Tell(new ProviderConfigurationFailed("file", [error]));

        AwaitAssert(() =>
        {
            var snapshot = _cell.Current;
            var provider = snapshot.View.Providers["file"];
            Assert.Equal(ObjectStatus.Warning, provider.Status);
            Assert.Equal(new[] { error }, provider.Errors);
            Assert.Equal("svc@file", Match(snapshot, "web", "GET a.com/")?.Service);
            Assert.Single(snapshot.Services["svc@file"].Servers);
        }, Wait);
    }

    [Fact]
    public void ProviderFailed_NeverRead_ServesNothingAndWarns()
    {
        var actor = Start();

        actor.Tell(new ProviderConfigurationFailed("file", [new ConfigError("file", "", "unreadable")]));

        AwaitAssert(() =>
        {
            Assert.Equal(ObjectStatus.Warning, _cell.Current.View.Providers["file"].Status);
            Assert.Empty(_cell.Current.View.Routers);
        }, Wait);
    }

    [Fact]
    public void ProviderChanged_TwoProviders_Merge()
    {
        var actor = Start();

        actor.Tell(Changed("file", Dynamic(routers: [("files", Router(rule: "Host(`f.com`)"))], services: [("svc", Service("http://127.0.0.1:1"))])));
        actor.Tell(Changed("docker", Dynamic(routers: [("web", Router(rule: "Host(`d.com`)", service: "svc@file"))])));

        AwaitAssert(() =>
        {
            Assert.Equal("files@file", Match(_cell.Current, "web", "GET f.com/")?.Router);
            Assert.Equal("web@docker", Match(_cell.Current, "web", "GET d.com/")?.Router);
            Assert.Equal(new[] { "docker", "file" }, _cell.Current.View.Providers.Keys);
        }, Wait);
    }

    [Fact]
    public void ProviderChanged_ServiceRemoved_StopsItsActor()
    {
        var actor = Start();
        actor.Tell(Changed("file", Dynamic(services: [("svc", Service("http://127.0.0.1:1")), ("other", Service("http://127.0.0.1:2"))])));
        AwaitAssert(() => Assert.Equal(2, _cell.Current.Services.Count(s => !s.Value.IsInternal)), Wait);
        // The backend actor is the service actor's child: it stops when its service does.
        var backend = _cell.Current.Services["svc@file"].Servers.Single().Backend;
        Watch(backend);

        actor.Tell(Changed("file", Dynamic(services: [("other", Service("http://127.0.0.1:2"))])));

        ExpectTerminated(backend, Wait);
        AwaitAssert(() => Assert.False(_cell.Current.Services.ContainsKey("svc@file")), Wait);
    }

    [Fact]
    public void ProviderChanged_BadObject_OthersServeAndViewShowsError()
    {
        var actor = Start();

        actor.Tell(Changed("file", Dynamic(
            routers: [("good", Router(rule: "Host(`a.com`)")), ("bad", Router(rule: "Host(`b.com`)", service: "ghost"))],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        AwaitAssert(() =>
        {
            Assert.NotNull(Match(_cell.Current, "web", "GET a.com/"));
            Assert.Null(Match(_cell.Current, "web", "GET b.com/"));
            Assert.Equal(ObjectStatus.Disabled, _cell.Current.View.Routers["bad@file"].Status);
        }, Wait);
    }

    [Fact]
    public void ProviderChanged_RouterWarning_LoggedAtWarningLevel()
    {
        var logs = LogProbe();
        var actor = Start();
        var tls = TlsConfig.Empty with { Options = TlsConfig.Empty.Options.Add("modern", TlsOptionsConfig.Empty) };

        // Serves, shown by the API as a warning: TLS options on a rule that requires no host.
        actor.Tell(Changed("file", Dynamic(
            routers: [("admin", Router(rule: "PathPrefix(`/admin`)") with { Tls = RouterTlsConfig.Empty with { Options = "modern" } })],
            services: [("svc", Service("http://127.0.0.1:1"))]) with { Tls = tls }));

        var logged = logs.FishForMessage<Akka.Event.LogEvent>(e => e.Message.ToString()!.Contains("no domain found in rule", StringComparison.Ordinal), Wait);
        Assert.Equal(Akka.Event.LogLevel.WarningLevel, logged.LogLevel());
        Assert.StartsWith("Configuration warning: file: http.routers.admin.rule: no domain found in rule", logged.Message.ToString(), StringComparison.Ordinal);
        AwaitAssert(() => Assert.Equal(ObjectStatus.Warning, _cell.Current.View.Routers["admin@file"].Status), Wait);
    }

    [Fact]
    public void ProviderChanged_RouterDisabled_LoggedAtErrorLevel()
    {
        var logs = LogProbe();
        var actor = Start();

        actor.Tell(Changed("file", Dynamic(routers: [("bad", Router(service: "ghost"))], services: [("svc", Service("http://127.0.0.1:1"))])));

        var logged = logs.FishForMessage<Akka.Event.LogEvent>(e => e.Message.ToString()!.Contains("http.routers.bad", StringComparison.Ordinal), Wait);
        Assert.Equal(Akka.Event.LogLevel.ErrorLevel, logged.LogLevel());
        Assert.StartsWith("Configuration error: ", logged.Message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderChanged_TwoChangesBeforeServicesReport_PublishesWithoutWaitingForTheTimeout()
    {
        // The service is created by the first change and unchanged by the second; its first snapshot
        // carries the first generation. The configuration must not wait for a generation it never sent.
        var actor = Start(TimeSpan.FromSeconds(30));
        var services = new (string, ServiceConfig)[] { ("svc", Service("http://127.0.0.1:1")) };

        actor.Tell(Changed("file", Dynamic(routers: [("one", Router(rule: "Host(`one.com`)"))], services: services)));
        actor.Tell(Changed("file", Dynamic(routers: [("one", Router(rule: "Host(`one.com`)")), ("two", Router(rule: "Host(`two.com`)"))], services: services)));

        AwaitAssert(() => Assert.NotNull(Match(_cell.Current, "web", "GET two.com/")), Wait);
    }

    [Fact]
    public void ProviderFailed_DefaultErrors_KeepsServing()
    {
        var actor = Start();
        actor.Tell(Changed("file", Dynamic(routers: [("web", Router())], services: [("svc", Service("http://127.0.0.1:1"))])));
        AwaitAssert(() => Assert.NotNull(Match(_cell.Current, "web", "GET a.com/")), Wait);

        actor.Tell(new ProviderConfigurationFailed("file", default));

        AwaitAssert(() => Assert.Equal(ObjectStatus.Warning, _cell.Current.View.Providers["file"].Status), Wait);
        Assert.NotNull(Match(_cell.Current, "web", "GET a.com/"));
    }

    [Fact]
    public void ProviderChanged_TlsRouters_PublishesTlsConfigurationChangedWithDefaultsApplied()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(TlsConfigurationChanged));
        var secure = RouterTlsConfig.Empty with { CertResolver = "le" };
        var actor = Start(entryPointTls: System.Collections.Immutable.ImmutableDictionary<string, RouterTlsConfig>.Empty.Add("websecure", secure));

        actor.Tell(Changed("file", Dynamic(
            routers:
            [
                ("own", Router(rule: "Host(`a.com`) && PathPrefix(`/x`) || Host(`B.com`)", entryPoints: ["web"]) with { Tls = RouterTlsConfig.Empty with { Options = "default" } }),
                ("defaulted", Router(rule: "Host(`c.com`) || HostRegexp(`^.+\\.d\\.com$`)", entryPoints: ["web", "websecure"])),
                ("plain", Router(rule: "Host(`e.com`)", entryPoints: ["web"])),
            ],
            services: [("svc", Service("http://127.0.0.1:1"))])));

        var changed = probe.FishForMessage<TlsConfigurationChanged>(m => m.Routers.Length == 2, Wait);
        var own = Assert.Single(changed.Routers, r => r.Router == "own@file");
        Assert.Equal<string>(["web"], own.EntryPoints);
        Assert.Equal("default", own.Tls.Options);
        Assert.Equal<string>(["a.com", "b.com"], own.RuleHosts);
        var defaulted = Assert.Single(changed.Routers, r => r.Router == "defaulted@file");
        Assert.Equal<string>(["websecure"], defaulted.EntryPoints);
        Assert.Same(secure, defaulted.Tls);
        Assert.Equal<string>(["c.com"], defaulted.RuleHosts);
        AwaitAssert(() =>
        {
            Assert.Equal("defaulted@file", _cell.Current.TlsEntryPoints["websecure"].Match(FakeRequest.Parse("GET c.com/"))?.Router);
            Assert.Null(Match(_cell.Current, "websecure", "GET c.com/"));
            Assert.Equal("defaulted@file", Match(_cell.Current, "web", "GET c.com/")?.Router);
            Assert.Null(Match(_cell.Current, "web", "GET a.com/x"));
        }, Wait);
    }

    private IActorRef Start(TimeSpan? serviceReadyTimeout = null, System.Collections.Immutable.ImmutableDictionary<string, RouterTlsConfig>? entryPointTls = null)
    {
        var settings = new ConfigurationSettings(Validation.Validation.EntryPoints, Validation.Validation.InternalServices)
        {
            ServiceReadyTimeout = serviceReadyTimeout ?? TimeSpan.FromSeconds(2),
            EntryPointTls = entryPointTls ?? System.Collections.Immutable.ImmutableDictionary<string, RouterTlsConfig>.Empty,
        };
        return Sys.ActorOf(ConfigurationActor.Props(settings, _cell, HealthServer.Prober(), TimeProvider.System, new CountingHandlerFactory()));
    }

    /// <summary>Every warning and error logged in the system, as the node's log receives them.</summary>
    private Akka.TestKit.TestProbe LogProbe()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(Akka.Event.Warning));
        Sys.EventStream.Subscribe(probe, typeof(Akka.Event.Error));
        return probe;
    }

    private static ProviderConfigurationChanged Changed(string provider, DynamicConfig config) => new(provider, config, []);

    private static RouteTarget? Match(RoutingSnapshot snapshot, string entryPoint, string request) =>
        snapshot.EntryPoints.TryGetValue(entryPoint, out var table) ? table.Match(FakeRequest.Parse(request)) : null;
}
