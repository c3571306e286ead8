using System.Collections.Immutable;
using Akka.Actor;
using Proxy.Actors.Backends;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Actors.Services;

/// <summary>
/// Owns one load-balanced service: a backend actor per server URL, the pick schedule, and the
/// service's snapshot, which it republishes whenever a server's health or the definition changes.
/// </summary>
public sealed class ServiceActor : ReceiveActor
{
    private readonly IHealthProber _prober;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Backend> _backends = new(StringComparer.Ordinal);
    private readonly LoadBalancerCursor _cursor = new();
    private ServiceDefinition _definition;
    private ImmutableArray<int> _schedule;
    private long _generation;
    private long _nextChildId;

    public ServiceActor(ConfigureService configure, IHealthProber prober, TimeProvider time)
    {
        _prober = prober;
        _time = time;
        _definition = configure.Definition;
        _generation = configure.Generation;
        Receive<ConfigureService>(Reconfigure);
        Receive<BackendStateChanged>(BackendChanged);
    }

    public static Props Props(ConfigureService configure, IHealthProber prober, TimeProvider time) =>
        ActorFactory.Props(() => new ServiceActor(configure, prober, time));

    protected override void PreStart()
    {
        Reconcile();
        Publish();
    }

    private void Reconfigure(ConfigureService configure)
    {
        _definition = configure.Definition;
        _generation = configure.Generation;
        Reconcile();
        Publish();
    }

    private void Reconcile()
    {
        var wanted = _definition.Servers.ToDictionary(s => s.Url, StringComparer.Ordinal);
        foreach (var url in _backends.Keys.Where(u => !wanted.ContainsKey(u)).ToList())
        {
            Context.Stop(_backends[url].Actor);
            _backends.Remove(url);
        }

        foreach (var server in _definition.Servers)
        {
            var configure = new ConfigureBackend(server, _definition.HealthCheck, _definition.PassiveHealth, HoldOnRefusal: _definition.Servers.Length > 1)
            {
                Transport = _definition.Transport,
            };
            if (_backends.TryGetValue(server.Url, out var backend))
            {
                backend.Actor.Tell(configure);
                continue;
            }

            var counters = new ServerCounters();
            var actor = Context.ActorOf(BackendActor.Props(configure, counters, _prober, _time), $"backend-{++_nextChildId}");
            var initial = BackendHealth.Initial(_definition.HealthCheck, server.Draining).Health(_time.GetUtcNow());
            _backends[server.Url] = new Backend(actor, counters, initial, "starting");
        }

        _schedule = WeightedRoundRobinPolicy.Schedule(_definition.Servers.Select(s => s.Weight).ToList());
    }

    private void BackendChanged(BackendStateChanged changed)
    {
        if (!_backends.TryGetValue(changed.Url, out var backend) || !backend.Actor.Equals(Sender))
        {
            return; // a backend we already stopped, reporting late
        }

        _backends[changed.Url] = backend with { Health = changed.Health, Reason = changed.Reason, LastResort = changed.LastResort };
        Publish();
    }

    private void Publish()
    {
        var servers = _definition.Servers.Select(server =>
        {
            var backend = _backends[server.Url];
            // Draining comes from the provider through this actor, so it takes effect now rather than
            // after the backend actor's round trip.
            var health = server.Draining ? ServerHealth.Draining : backend.Health;
            var reason = server.Draining ? "draining: no new requests, in-flight ones finish" : backend.Reason;
            return new ServerSnapshot(server.Url, server.DestinationPrefix, server.Weight, health, reason, backend.Actor, backend.Counters)
            {
                IsLastResort = !server.Draining && backend.LastResort,
                IsH2c = server.IsH2c,
                Transport = _definition.Transport,
            };
        }).ToImmutableArray();

        var snapshot = new ServiceSnapshot(_definition.Name, false, servers, _schedule, _definition.PassHostHeader, _cursor)
        {
            Strategy = _definition.Strategy,
            Sticky = _definition.Sticky is { } cookie ? new StickyServers(cookie, servers) : null,
            FlushInterval = _definition.FlushInterval,
        };
        Context.Parent.Tell(new ServiceSnapshotChanged(snapshot, _generation));
    }

    private sealed record Backend(IActorRef Actor, ServerCounters Counters, ServerHealth Health, string Reason, bool LastResort = false);
}
