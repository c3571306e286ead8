using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Backends;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Views;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Actors.Services;
using Proxy.Actors.Services.Composite;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Merges what every provider reported, validates it, keeps one actor per serving router and per
/// service, tells each only when its definition changed, and publishes the routing snapshot. A new
/// configuration is swapped in whole, once each changed router actor has published its part and each
/// changed service actor has its servers ready, so no request sees a router half-built or a router
/// whose service is not there yet.
/// </summary>
public sealed class ConfigurationActor : ReceiveActor, IWithTimers
{
    private const string OverdueTimer = "overdue";

    // A child that fails while starting would otherwise be made anew, fail and be made anew at once,
    // forever: this spaces the attempts, each logged.
    private static readonly TimeSpan ReplaceDelay = TimeSpan.FromSeconds(1);

    private readonly ConfigurationSettings _settings;
    private readonly SnapshotCell _cell;
    private readonly IHealthProber _prober;
    private readonly TimeProvider _time;
    private readonly IMiddlewareHandlerFactory _handlers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ILogger _logger = new ActorLogger(Context.GetLogger());
    private readonly Dictionary<string, ProviderState> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _routerActors = new(StringComparer.Ordinal);
    // What each router actor was last told, to tell it again only when that changes.
    private readonly Dictionary<string, RouterSpec> _routerSpecs = new(StringComparer.Ordinal);
    // What each router actor last published, complete; the tables are built from these alone.
    private readonly Dictionary<string, PublishedRouter> _publishedRouters = new(StringComparer.Ordinal);
    private ConfigurationView _publishedView = ConfigurationView.Empty;
    private readonly Dictionary<string, ConfigError> _routerErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _awaitedRouters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _serviceActors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceSnapshot> _serviceSnapshots = new(StringComparer.Ordinal);
    // The generation each changed service was told to reach; a later, unrelated change must not
    // raise the bar for a service it did not touch.
    private readonly Dictionary<string, long> _awaitedServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceDefinition> _lastDefinitions = new(StringComparer.Ordinal);
    private ValidatedConfig _validated = ValidatedConfig.Empty;
    // The round-robin and mirror counters of the services over services, kept while their definition is.
    private CompositeCursors _compositeCursors = CompositeCursors.Empty;
    private ImmutableDictionary<string, RouteTarget> _routers = ImmutableDictionary<string, RouteTarget>.Empty;
    // Each logged with the status it was logged at: an error whose object turns from warning to disabled is logged again.
    private HashSet<(ObjectStatus Status, string Text)> _loggedErrors = [];
    private long _generation;
    private long _version;
    private long _nextChildId;
    private bool _configPending;
    private bool _lateRoutersQueued;

    public ConfigurationActor(ConfigurationSettings settings, SnapshotCell cell, IHealthProber prober, TimeProvider time, IMiddlewareHandlerFactory handlers)
    {
        _settings = settings;
        _cell = cell;
        _prober = prober;
        _time = time;
        _handlers = handlers;
        Receive<ProviderConfigurationChanged>(ProviderChanged);
        Receive<ProviderConfigurationFailed>(ProviderFailed);
        Receive<ServiceSnapshotChanged>(ServiceChanged);
        Receive<RouterPublished>(RouterReady);
        Receive<RouterFailed>(RouterNotBuilt);
        Receive<PendingServicesOverdue>(_ => Overdue());
        Receive<PublishLateRouters>(_ => PublishLate());
        Receive<Terminated>(ChildTerminated);
        Receive<ReplaceChild>(Replace);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="handlers">Makes the handlers of the routers' middleware chains: the host's, which knows HTTP.</param>
    public static Props Props(ConfigurationSettings settings, SnapshotCell cell, IHealthProber prober, TimeProvider time, IMiddlewareHandlerFactory handlers) =>
        ActorFactory.Props(() => new ConfigurationActor(settings, cell, prober, time, handlers));

    protected override void PreStart() => Apply();

    /// <summary>
    /// A failing child is stopped, not restarted: a restart would rebuild it from the definition its
    /// props captured (its first), and the same ref would serve it as current. <see cref="ChildTerminated"/>
    /// creates a new one from the current definition instead.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void ProviderChanged(ProviderConfigurationChanged changed)
    {
        _providers[changed.Provider] = new ProviderState(
            changed.Provider, changed.Config, changed.Errors.IsDefault ? [] : changed.Errors, false, _time.GetUtcNow());
        Apply();
    }

    private void ProviderFailed(ProviderConfigurationFailed failed)
    {
        var config = _providers.TryGetValue(failed.Provider, out var last) ? last.Config : Model.Config.DynamicConfig.Empty;
        _providers[failed.Provider] = new ProviderState(
            failed.Provider, config, failed.Errors.IsDefault ? [] : failed.Errors, true, _time.GetUtcNow());
        _log.Warning("Provider {0} could not be read; its last good configuration keeps serving", failed.Provider);
        Apply();
    }

    private void Apply()
    {
        _validated = ConfigValidator.Validate(_providers, _settings.EntryPoints, _settings.InternalServices, _validated, _settings.EntryPointTls);
        _generation++;
        LogNewErrors();
        // The certificate store and the ACME resolvers follow the TLS part; they read it here rather
        // than from the routing snapshot, which waits for router and service actors.
        var tls = new TlsConfigurationChanged(_validated.Tls, RouterTlsDefaults.Demands(_validated.Routers.Values, _settings.EntryPointTls));
        TlsConfigurationCell.Get(Context.System).Publish(tls);
        Context.System.EventStream.Publish(tls);
        ReconcileRouters();
        ReconcileServices();
        _configPending = true;
        if (AllReady)
        {
            PublishConfiguration();
        }
        else
        {
            Timers.StartSingleTimer(OverdueTimer, PendingServicesOverdue.Instance, _settings.ServiceReadyTimeout);
        }
    }

    private bool AllReady => _awaitedServices.Count == 0 && _awaitedRouters.Count == 0;

    /// <summary>
    /// One actor per serving router. Only a router whose spec changed (rule, entry points, priority,
    /// service, its middlewares or their definitions) hears of the new configuration; the others keep
    /// their chain and counters as they are.
    /// </summary>
    private void ReconcileRouters()
    {
        var wanted = _validated.Routers;
        foreach (var name in _routerActors.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            Context.Stop(_routerActors[name]);
            _routerActors.Remove(name);
            _routerSpecs.Remove(name);
            _publishedRouters.Remove(name);
            _routerErrors.Remove(name);
            _awaitedRouters.Remove(name);
        }

        foreach (var (name, definition) in wanted)
        {
            // The service's middlewares run after the router's, as Traefik v3.7 runs them.
            var serviceMiddlewares = _validated.Services.TryGetValue(definition.Service, out var service) ? service.Middlewares : [];
            var spec = new RouterSpec(definition, MiddlewareReferences.Flatten(definition.Middlewares.Concat(serviceMiddlewares), _validated.Middlewares));
            if (!_routerActors.TryGetValue(name, out var actor))
            {
                StartRouter(spec);
                _awaitedRouters[name] = _generation;
            }
            else if (!_routerSpecs[name].Equals(spec))
            {
                actor.Tell(new ConfigureRouter(spec, _generation));
                _awaitedRouters[name] = _generation;
            }

            _routerSpecs[name] = spec;
        }
    }

    private void StartRouter(RouterSpec spec) =>
        _routerActors[spec.Name] = Context.Watch(Context.ActorOf(RouterActor.Props(new ConfigureRouter(spec, _generation), _handlers), $"router-{++_nextChildId}"));

    private void StartService(ServiceDefinition definition) =>
        _serviceActors[definition.Name] = Context.Watch(Context.ActorOf(ServiceActor.Props(new ConfigureService(definition, _generation), _prober, _time), $"service-{++_nextChildId}"));

    /// <summary>
    /// A child that stopped without being asked to (it failed, see <see cref="SupervisorStrategy"/>) is
    /// made anew from its current definition, after <see cref="ReplaceDelay"/>. Until the new one
    /// answers, the tables keep the old one's last published part, and the configuration does not wait for it.
    /// </summary>
    private void ChildTerminated(Terminated terminated)
    {
        var name = _routerActors.FirstOrDefault(r => r.Value.Equals(terminated.ActorRef)).Key
            ?? _serviceActors.FirstOrDefault(s => s.Value.Equals(terminated.ActorRef)).Key;
        if (name is not null)
        {
            _log.Warning("The actor of {0} stopped; a new one starts from its current definition in {1}", name, ReplaceDelay);
            Timers.StartSingleTimer($"replace/{terminated.ActorRef.Path.Name}", new ReplaceChild(terminated.ActorRef), ReplaceDelay);
        }
    }

    private void Replace(ReplaceChild replace)
    {
        // Looked up again: the router or service may have been removed, or its definition changed, meanwhile.
        var router = _routerActors.FirstOrDefault(r => r.Value.Equals(replace.Stopped)).Key;
        if (router is not null)
        {
            StartRouter(_routerSpecs[router]);
            return;
        }

        var service = _serviceActors.FirstOrDefault(s => s.Value.Equals(replace.Stopped)).Key;
        if (service is not null)
        {
            StartService(_lastDefinitions[service]);
        }
    }

    private void RouterReady(RouterPublished published)
    {
        var name = published.Router.Definition.Name;
        if (!IsCurrentRouterActor(name))
        {
            return;
        }

        _publishedRouters[name] = published.Router;
        _routerErrors.Remove(name);
        RouterSettled(name, published.Generation);
    }

    private void RouterNotBuilt(RouterFailed failed)
    {
        if (!IsCurrentRouterActor(failed.Router))
        {
            return;
        }

        _publishedRouters.Remove(failed.Router);
        _routerErrors[failed.Router] = failed.Error;
        RouterSettled(failed.Router, failed.Generation);
    }

    // A router actor we already stopped may still have answered.
    private bool IsCurrentRouterActor(string name) => _routerActors.TryGetValue(name, out var actor) && actor.Equals(Sender);

    private void RouterSettled(string name, long generation)
    {
        if (_awaitedRouters.TryGetValue(name, out var awaited) && generation >= awaited)
        {
            _awaitedRouters.Remove(name);
        }

        if (_configPending)
        {
            if (AllReady)
            {
                PublishConfiguration();
            }

            return;
        }

        // Not pending: the configuration went out without this router (it was overdue, or its actor
        // was replaced), whose part, now complete, goes out rather than at the next change. Once for
        // all the answers already queued: after a large reload ran overdue, thousands arrive together,
        // and each publish rebuilds every table.
        if (!_lateRoutersQueued)
        {
            _lateRoutersQueued = true;
            Self.Tell(PublishLateRouters.Instance);
        }
    }

    private void PublishLate()
    {
        // Already out if a configuration was published since the answers came.
        if (_lateRoutersQueued && !_configPending)
        {
            PublishConfiguration();
        }
    }

    private void ReconcileServices()
    {
        // A service over services has no servers: the snapshot is all it is, built at each publish.
        var wanted = _validated.Services.Values.Where(s => !s.IsInternal && s.Composite is null).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var name in _serviceActors.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            Context.Stop(_serviceActors[name]);
            _serviceActors.Remove(name);
            _serviceSnapshots.Remove(name);
            _awaitedServices.Remove(name);
        }

        foreach (var (name, definition) in wanted)
        {
            if (!_serviceActors.TryGetValue(name, out var actor))
            {
                StartService(definition);
                _awaitedServices[name] = _generation;
            }
            else if (!_lastDefinitions.TryGetValue(name, out var last) || !last.Equals(definition))
            {
                actor.Tell(new ConfigureService(definition, _generation));
                _awaitedServices[name] = _generation;
            }

            _lastDefinitions[name] = definition;
        }

        foreach (var name in _lastDefinitions.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            _lastDefinitions.Remove(name);
        }
    }

    private void ServiceChanged(ServiceSnapshotChanged changed)
    {
        var name = changed.Snapshot.Name;
        if (!_serviceActors.TryGetValue(name, out var actor) || !actor.Equals(Sender))
        {
            return; // a service actor we already stopped
        }

        _serviceSnapshots[name] = changed.Snapshot;
        if (_awaitedServices.TryGetValue(name, out var awaited) && changed.Generation >= awaited)
        {
            _awaitedServices.Remove(name);
        }

        if (_configPending && AllReady)
        {
            PublishConfiguration();
            return;
        }

        // Health changes go out at once, even while a new configuration waits for its services:
        // the tables already published refer only to services that are ready.
        var current = _cell.Current;
        Publish((current.EntryPoints, current.TlsEntryPoints));
    }

    private void Overdue()
    {
        if (!_configPending)
        {
            return;
        }

        // A late router keeps its last published part (complete, of its previous definition) or, when
        // new, is left out until it answers: never half-built.
        _log.Warning("{0} did not report within {1}; publishing the configuration without waiting",
            string.Join("; ", Named("Services", _awaitedServices.Keys).Concat(Named("Routers", _awaitedRouters.Keys))),
            _settings.ServiceReadyTimeout);
        _awaitedServices.Clear();
        _awaitedRouters.Clear();
        PublishConfiguration();
    }

    private void PublishConfiguration()
    {
        _configPending = false;
        _lateRoutersQueued = false;
        Timers.Cancel(OverdueTimer);
        _routers = _publishedRouters.ToImmutableDictionary(p => p.Key, p => p.Value.Target, StringComparer.Ordinal);
        _publishedView = View();
        Publish(RouteTables.Build(_publishedRouters.Values, _settings.EntryPoints, _settings.EntryPointTls));
    }

    /// <summary>Named up to a point: after a large change the full list would bury the rest of the log.</summary>
    private static IEnumerable<string> Named(string kind, IEnumerable<string> names)
    {
        var late = names.Order(StringComparer.Ordinal).ToList();
        if (late.Count > 0)
        {
            yield return $"{kind} {string.Join(", ", late.Take(10))}{(late.Count > 10 ? $" and {late.Count - 10} more" : "")}";
        }
    }

    /// <summary>
    /// The validated view, with the routers whose actor could not build them shown disabled, and those the
    /// tables being published leave out (new and late past the timeout) shown disabled until they answer.
    /// </summary>
    private ConfigurationView View()
    {
        var view = _validated.View;
        var routers = view.Routers;
        foreach (var (name, error) in _routerErrors)
        {
            if (routers.TryGetValue(name, out var router))
            {
                routers = routers.SetItem(name, router with { Serving = null, Status = ObjectStatus.Disabled, Errors = router.Errors.Add(error with { Source = ConfigValidator.ErrorSource(router) }) });
            }
        }

        foreach (var name in _validated.Routers.Keys)
        {
            if (!_publishedRouters.ContainsKey(name) && !_routerErrors.ContainsKey(name) && routers.TryGetValue(name, out var router))
            {
                var late = new ConfigError(ConfigValidator.ErrorSource(router), $"http.routers.{name[..name.LastIndexOf('@')]}",
                    $"not serving yet: its router actor did not report within {_settings.ServiceReadyTimeout}");
                routers = routers.SetItem(name, router with { Serving = null, Status = ObjectStatus.Disabled, Errors = router.Errors.Add(late) });
            }
        }

        return ReferenceEquals(routers, view.Routers) ? view : view with { Routers = routers };
    }

    private void Publish((ImmutableDictionary<string, RouterTable<RouteTarget>> Plain, ImmutableDictionary<string, RouterTable<RouteTarget>> Tls) tables)
    {
        var services = ImmutableDictionary.CreateBuilder<string, ServiceSnapshot>(StringComparer.Ordinal);
        foreach (var service in _validated.Services.Values)
        {
            if (service.IsInternal)
            {
                services[service.Name] = new ServiceSnapshot(service.Name, true, [], [], true, new LoadBalancerCursor());
            }
            else if (_serviceSnapshots.TryGetValue(service.Name, out var snapshot))
            {
                services[service.Name] = snapshot;
            }
        }

        _compositeCursors = CompositeSnapshots.AddTo(services, _validated.Services, _compositeCursors);

        // The view of the tables published, not of the configuration waiting for its actors: the API must not
        // show a router enabled before a request can reach it (health-only publishes keep the tables).
        _cell.Publish(new RoutingSnapshot(++_version, tables.Plain, services.ToImmutable(), _publishedView) { Routers = _routers, TlsEntryPoints = tables.Tls });
    }

    private void LogNewErrors()
    {
        var current = new HashSet<(ObjectStatus Status, string Text)>();
        foreach (var (error, status) in ConfigurationErrorLog.Entries(_validated.View))
        {
            if (current.Add((status, error.ToString())) && !_loggedErrors.Contains((status, error.ToString())))
            {
                ConfigurationErrorLog.Write(_logger, error, status);
            }
        }

        _loggedErrors = current;
    }
}
