using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;

namespace Proxy.Actors.Backends;

/// <summary>
/// Owns one server's health: active probes on a timer, failures reported by requests, draining
/// asked for by its provider, and other nodes' verdicts. Tells its service actor whenever the
/// verdict changes, and the cluster (through the event stream) whenever its own observation does.
/// Its name is stable per URL, so a reload that keeps the URL keeps the health it learned.
/// </summary>
public sealed class BackendActor : ReceiveActor, IWithTimers
{
    private const string ProbeTimer = "probe";
    private const string CooldownTimer = "cooldown";
    private const string RefusalTimer = "refusal";

    /// <summary>How long a refused connection keeps a server out when the service has no passive health check.</summary>
    public static readonly TimeSpan DefaultRefusalHold = TimeSpan.FromSeconds(2);

    private readonly IHealthProber _prober;
    private readonly TimeProvider _time;

    /// <summary>When an ejection or a refusal hold ends is decided on the injected clock; the probe interval runs on Akka's.</summary>
    private readonly ClockTimers _holds;

    private readonly ServerCounters _counters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ConfigureBackend _config;
    private BackendHealth _health;
    private ServerHealth? _published;
    private string? _publishedReason;
    private bool _publishedLastResort;
    private (ObservedHealth Health, DateTimeOffset? Until) _observed = (ObservedHealth.Up, null);
    private long _probeGeneration;
    private bool _probing;
    private readonly CancellationTokenSource _stopping = new();

    public BackendActor(ConfigureBackend config, ServerCounters counters, IHealthProber prober, TimeProvider time)
    {
        _config = config;
        _counters = counters;
        _prober = prober;
        _time = time;
        _holds = new ClockTimers(time, Self);
        _health = BackendHealth.Initial(config.HealthCheck, config.Server.Draining);

        Receive<ConfigureBackend>(Reconfigure);
        Receive<ProbeNow>(_ => StartProbe());
        Receive<ProbeCompleted>(ProbeFinished);
        Receive<AttemptFailed>(RequestFailed);
        Receive<ClockTimerFired>(fired =>
        {
            switch (_holds.Accept(fired))
            {
                case CooldownEnded ended:
                    CooldownOver(ended);
                    break;
                case RefusalEnded:
                    _health = _health.WithRefusalOver();
                    Publish();
                    break;
            }
        });
        Receive<SharedHealthChanged>(changed => ApplyShared(changed.Verdicts.GetValueOrDefault(_config.Server.Url)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ConfigureBackend config, ServerCounters counters, IHealthProber prober, TimeProvider time) =>
        ActorFactory.Props(() => new BackendActor(config, counters, prober, time));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(SharedHealthChanged));
        _health = _health with { Shared = SharedHealthCell.Get(Context.System).Current.GetValueOrDefault(_config.Server.Url) };
        Publish();
        if (_config.HealthCheck is not null)
        {
            // The first probe goes out at once: a server declared down waits one round trip, not one interval.
            Self.Tell(ProbeNow.Instance);
        }
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _holds.Dispose();
        Context.System.EventStream.Unsubscribe(Self);
        if (_observed.Health != ObservedHealth.Up)
        {
            // The server left this node's configuration: withdraw what this node said about it.
            Context.System.EventStream.Publish(new BackendObserved(_config.Server.Url, ObservedHealth.Up, "removed", null));
        }
    }

    private void ApplyShared(SharedVerdict? verdict)
    {
        if (verdict != _health.Shared)
        {
            _health = _health with { Shared = verdict };
            Publish();
        }
    }

    private void Reconfigure(ConfigureBackend config)
    {
        var checkChanged = config.HealthCheck != _config.HealthCheck;
        _config = config;
        _health = _health with { Draining = config.Server.Draining };
        if (config.Server.Draining && _published != ServerHealth.Draining)
        {
            _health = _health with { Reason = "draining: no new requests, in-flight ones finish" };
        }
        else if (!config.Server.Draining && _published == ServerHealth.Draining)
        {
            _health = _health with { Reason = "no longer draining" };
        }

        if (checkChanged)
        {
            _probeGeneration++;
            _probing = false;
            Timers.Cancel(ProbeTimer);
            if (config.HealthCheck is null)
            {
                _health = _health with { ActiveUp = true, ConsecutiveProbeFailures = 0, ConsecutiveProbeSuccesses = 0 };
            }
            else
            {
                Self.Tell(ProbeNow.Instance);
            }
        }

        Publish();
    }

    private void StartProbe()
    {
        if (_probing || _config.HealthCheck is not { } check)
        {
            return;
        }

        _probing = true;
        var generation = _probeGeneration;
        _prober.ProbeAsync(_config.Server.Uri, check, _config.Transport, _stopping.Token)
            .ContinueWith(
                t => new ProbeCompleted(generation, t.IsCompletedSuccessfully ? t.Result : new ProbeResult(false, t.Exception?.GetBaseException().Message ?? "probe cancelled")),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void ProbeFinished(ProbeCompleted completed)
    {
        if (completed.Generation != _probeGeneration || _config.HealthCheck is not { } check)
        {
            return;
        }

        _probing = false;
        var before = _health.ActiveUp;
        _health = _health.WithProbe(completed.Result, check);
        if (before != _health.ActiveUp)
        {
            _log.Info("Server {0}: {1}", _config.Server.Url, _health.Reason);
        }

        Publish();
        Timers.StartSingleTimer(ProbeTimer, ProbeNow.Instance, check.Interval);
    }

    private void RequestFailed(AttemptFailed failed)
    {
        _counters.Failed();
        var now = _time.GetUtcNow();
        // Without passive health a refused connection still keeps the server out briefly, here and
        // (shared) on every node, when the service has another server; with it, the operator's
        // thresholds decide, refusals included.
        if (!failed.ReachedBackend && _config.PassiveHealth is null && _config.HoldOnRefusal && !(_health.RefusedUntil > now))
        {
            var hold = DefaultRefusalHold;
            _health = _health.WithRefusal(now, hold, failed.Reason);
            _log.Warning("Server {0}: out for {1}: {2}", _config.Server.Url, hold, _health.Reason);
            _holds.StartSingleTimer(RefusalTimer, RefusalEnded.Instance, hold);
            Publish();
        }

        if (_config.PassiveHealth is not { } passive)
        {
            return;
        }

        var (health, ejected) = _health.WithFailure(_time.GetUtcNow(), passive, failed.Reason);
        _health = health;
        if (ejected)
        {
            _log.Warning("Server {0}: {1}", _config.Server.Url, _health.Reason);
            _holds.StartSingleTimer(CooldownTimer, new CooldownEnded(_probeGeneration), passive.Cooldown);
            Publish();
        }
    }

    private void CooldownOver(CooldownEnded ended)
    {
        _health = _health.WithCooldownOver();
        Publish();
    }

    private void Publish()
    {
        var now = _time.GetUtcNow();
        var observed = _health.Observation(now);
        if (observed != _observed)
        {
            _observed = observed;
            Context.System.EventStream.Publish(new BackendObserved(_config.Server.Url, observed.Health, _health.Reason, observed.Until));
        }

        var health = _health.Health(now);
        var reason = _health.ReasonAt(now);
        var lastResort = _health.IsLastResort(now);
        if (health == _published && lastResort == _publishedLastResort && (health == ServerHealth.Up || reason == _publishedReason))
        {
            return;
        }

        _published = health;
        _publishedReason = reason;
        _publishedLastResort = lastResort;
        Context.Parent.Tell(new BackendStateChanged(_config.Server.Url, health, reason, _counters) { LastResort = lastResort });
    }
}
