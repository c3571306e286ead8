using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Backends;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Routing;
using Proxy.Actors.Services;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Merges what every provider reported, validates it, keeps one actor per router and per service,
/// and publishes the routing snapshot. A new configuration is swapped in whole, once each changed
/// service actor has its servers ready, so no request sees a router whose service is not there yet.
/// </summary>
public sealed class ConfigurationActor : ReceiveActor, IWithTimers
{
    private const string OverdueTimer = "overdue";

    private readonly ConfigurationSettings _settings;
    private readonly SnapshotCell _cell;
    private readonly IHealthProber _prober;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ProviderState> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _routerActors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _serviceActors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceSnapshot> _serviceSnapshots = new(StringComparer.Ordinal);
    // The generation each changed service was told to reach; a later, unrelated change must not
    // raise the bar for a service it did not touch.
    private readonly Dictionary<string, long> _awaitedServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceDefinition> _lastDefinitions = new(StringComparer.Ordinal);
    private ValidatedConfig _validated = ValidatedConfig.Empty;
    private ImmutableDictionary<string, RouterTable<RouteTarget>> _tables = ImmutableDictionary<string, RouterTable<RouteTarget>>.Empty;
    private HashSet<string> _loggedErrors = [];
    private long _generation;
    private long _version;
    private long _nextChildId;
    private bool _configPending;

    public ConfigurationActor(ConfigurationSettings settings, SnapshotCell cell, IHealthProber prober, TimeProvider time)
    {
        _settings = settings;
        _cell = cell;
        _prober = prober;
        _time = time;
        Receive<ProviderConfigurationChanged>(ProviderChanged);
        Receive<ProviderConfigurationFailed>(ProviderFailed);
        Receive<ServiceSnapshotChanged>(ServiceChanged);
        Receive<PendingServicesOverdue>(_ => Overdue());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ConfigurationSettings settings, SnapshotCell cell, IHealthProber prober, TimeProvider time) =>
        ActorFactory.Props(() => new ConfigurationActor(settings, cell, prober, time));

    protected override void PreStart() => Apply();

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
        _validated = ConfigValidator.Validate(_providers, _settings.EntryPoints, _settings.InternalServices, _validated);
        _generation++;
        LogNewErrors();
        ReconcileRouters();
        ReconcileServices();
        _configPending = true;
        if (_awaitedServices.Count == 0)
        {
            PublishConfiguration();
        }
        else
        {
            Timers.StartSingleTimer(OverdueTimer, PendingServicesOverdue.Instance, _settings.ServiceReadyTimeout);
        }
    }

    private void ReconcileRouters()
    {
        var views = _validated.View.Routers;
        foreach (var name in _routerActors.Keys.Where(n => !views.ContainsKey(n)).ToList())
        {
            Context.Stop(_routerActors[name]);
            _routerActors.Remove(name);
        }

        foreach (var (name, view) in views)
        {
            if (_routerActors.TryGetValue(name, out var actor))
            {
                actor.Tell(new ConfigureRouter(view));
            }
            else
            {
                _routerActors[name] = Context.ActorOf(RouterActor.Props(view), $"router-{++_nextChildId}");
            }
        }
    }

    private void ReconcileServices()
    {
        var wanted = _validated.Services.Values.Where(s => !s.IsInternal).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var name in _serviceActors.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            Context.Stop(_serviceActors[name]);
            _serviceActors.Remove(name);
            _serviceSnapshots.Remove(name);
            _awaitedServices.Remove(name);
        }

        foreach (var (name, definition) in wanted)
        {
            var configure = new ConfigureService(definition, _generation);
            if (!_serviceActors.TryGetValue(name, out var actor))
            {
                _serviceActors[name] = Context.ActorOf(ServiceActor.Props(configure, _prober, _time), $"service-{++_nextChildId}");
                _awaitedServices[name] = _generation;
            }
            else if (!_lastDefinitions.TryGetValue(name, out var last) || !last.Equals(definition))
            {
                actor.Tell(configure);
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

        if (_configPending && _awaitedServices.Count == 0)
        {
            PublishConfiguration();
            return;
        }

        // Health changes go out at once, even while a new configuration waits for its services:
        // the tables already published refer only to services that are ready.
        Publish(_cell.Current.EntryPoints);
    }

    private void Overdue()
    {
        if (!_configPending)
        {
            return;
        }

        // Named up to a point: after a large change the full list would bury the rest of the log.
        var late = _awaitedServices.Keys.Order(StringComparer.Ordinal).ToList();
        var named = string.Join(", ", late.Take(10)) + (late.Count > 10 ? $" and {late.Count - 10} more" : "");
        _log.Warning("Services {0} did not report within {1}; publishing the configuration without waiting",
            named, _settings.ServiceReadyTimeout);
        _awaitedServices.Clear();
        PublishConfiguration();
    }

    private void PublishConfiguration()
    {
        _configPending = false;
        Timers.Cancel(OverdueTimer);
        _tables = RouteTables.Build(_validated, _settings.EntryPoints);
        Publish(_tables);
    }

    private void Publish(ImmutableDictionary<string, RouterTable<RouteTarget>> tables)
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

        _cell.Publish(new RoutingSnapshot(++_version, tables, services.ToImmutable(), _validated.View));
    }

    private void LogNewErrors()
    {
        var current = new HashSet<string>();
        foreach (var error in _validated.View.AllErrors)
        {
            var text = error.ToString();
            current.Add(text);
            if (!_loggedErrors.Contains(text))
            {
                _log.Error("Configuration error: {0}", text);
            }
        }

        _loggedErrors = current;
    }
}
