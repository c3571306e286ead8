using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Proxy.Actors;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;

namespace Proxy.Discovery.Docker;

/// <summary>
/// The Docker provider: one <see cref="DockerHostActor"/> per endpoint, the latest containers of
/// each host, and one configuration report for all of them, coalesced over a short window so that
/// a burst of events (a compose up) gives a few reports instead of one per event. The window and
/// the hosts' change times are on the injected clock, which a test can drive.
/// </summary>
public sealed class DockerProviderActor : ReceiveActor
{
    /// <summary>Short enough that no change waits noticeably, long enough to gather a compose up's burst.</summary>
    private static readonly TimeSpan PublishWindow = TimeSpan.FromMilliseconds(20);

    private readonly DockerProviderSettings _settings;
    private readonly IActorRef _configuration;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _time;
    private readonly ClockTimers _window;

    /// <summary>The configured endpoints without repeats, in order: the order <see cref="GetDockerHosts"/> answers in.</summary>
    private readonly ImmutableArray<string> _endpoints;

    private readonly Dictionary<string, DockerHostView> _hosts = new(StringComparer.Ordinal);

    /// <summary>What the cluster was last told about the hosts, so that only news is reported.</summary>
    private ImmutableArray<SourceStatus> _reportedSources = [];

    public DockerProviderActor(DockerProviderSettings settings, IActorRef configuration, TimeProvider time)
    {
        _settings = settings;
        _configuration = configuration;
        _time = time;
        _window = new ClockTimers(time, Self);
        _endpoints = [.. settings.Endpoints.Distinct(StringComparer.Ordinal)];
        foreach (var endpoint in _endpoints)
        {
            _hosts[endpoint] = DockerHostView.Initial(endpoint);
        }

        Receive<HostConnected>(OnHostConnected);
        Receive<HostDisconnected>(OnHostDisconnected);
        Receive<HostContainersChanged>(OnHostContainersChanged);
        Receive<ClockTimerFired>(fired =>
        {
            if (_window.Accept(fired) is PublishNow)
            {
                Publish();
            }
        });
        Receive<GetDockerHosts>(_ => Sender.Tell(new DockerHostsResult([.. _endpoints.Select(e => _hosts[e].Status)])));
    }

    public static Props Props(DockerProviderSettings settings, IActorRef configuration, TimeProvider time) =>
        ActorFactory.Props(() => new DockerProviderActor(settings, configuration, time));

    protected override void PreStart()
    {
        var index = 0;
        foreach (var endpoint in _endpoints)
        {
            // A crashing host actor (a bug, not a lost daemon: that it handles itself) restarts after a
            // growing pause instead of spinning; the provider keeps serving the host's last containers meanwhile.
            var supervised = BackoffSupervisor.Props(BackoffOptions(DockerHostActor.Props(endpoint, _settings.Tls.GetValueOrDefault(endpoint), Self)));
            Context.ActorOf(supervised, $"host-{index++}");
        }
    }

    protected override void PostStop() => _window.Dispose();

    private static BackoffOptions BackoffOptions(Props host) =>
        Backoff.OnFailure(host, "watcher", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), 0.2, -1);

    private void OnHostConnected(HostConnected connected) =>
        Update(connected.Endpoint, h => h with
        {
            Connected = true,
            DaemonVersion = connected.DaemonVersion,
            ApiVersion = connected.ApiVersion,
            LastChange = _time.GetUtcNow(),
        });

    private void OnHostDisconnected(HostDisconnected disconnected)
    {
        if (!_hosts.TryGetValue(disconnected.Endpoint, out var host))
        {
            return;
        }

        // Retries repeat the same reason every few seconds: only news is worth a report.
        var news = host.Connected || host.LastError != disconnected.Reason;
        Update(disconnected.Endpoint, h => h with { Connected = false, LastError = disconnected.Reason, LastChange = _time.GetUtcNow() });
        if (news)
        {
            SchedulePublish();
        }
    }

    private void OnHostContainersChanged(HostContainersChanged changed)
    {
        Update(changed.Endpoint, h => h with { Containers = changed.Containers, LastChange = _time.GetUtcNow() });
        if (changed.Urgent)
        {
            // Draining must not wait: a request sent to the container in the window could be refused.
            _window.Cancel(nameof(PublishNow));
            Publish();
        }
        else
        {
            SchedulePublish();
        }
    }

    /// <summary>The first change of a window schedules the report; later ones in the window ride along.</summary>
    private void SchedulePublish()
    {
        if (!_window.IsTimerActive(nameof(PublishNow)))
        {
            _window.StartSingleTimer(nameof(PublishNow), PublishNow.Instance, PublishWindow);
        }
    }

    private void Publish()
    {
        var translated = ContainerTranslator.Translate(_hosts.Values.SelectMany(h => h.Containers), _settings.Options);
        var errors = translated.Errors.AddRange(_hosts.Values
            .Where(h => !h.Connected && h.LastError is not null)
            .Select(h => new ConfigError(
                $"docker:{h.Endpoint}",
                "",
                $"disconnected from {h.Endpoint}: {h.LastError}; serving the last known containers; reconnecting")));
        _log.Debug("Docker provider: {0} containers, {1} routers, {2} services, {3} errors",
            _hosts.Values.Sum(h => h.Containers.Length), translated.Config.Routers.Count, translated.Config.Services.Count, errors.Length);
        _configuration.Tell(new ProviderConfigurationChanged(DockerProviderSettings.ProviderName, translated.Config, errors));
    }

    private void Update(string endpoint, Func<DockerHostView, DockerHostView> change)
    {
        if (_hosts.TryGetValue(endpoint, out var host))
        {
            _hosts[endpoint] = change(host);
            ReportSources();
        }
    }

    /// <summary>The hosts' state for the cluster API's per-member view.</summary>
    private void ReportSources()
    {
        ImmutableArray<SourceStatus> sources = [.. _endpoints.Select(e => _hosts[e]).Select(h =>
            new SourceStatus(DockerProviderSettings.ProviderName, h.Endpoint, h.Connected, h.Containers.Length, h.Connected ? null : h.LastError))];
        if (!sources.SequenceEqual(_reportedSources))
        {
            _reportedSources = sources;
            _configuration.Tell(new ProviderSourcesChanged(DockerProviderSettings.ProviderName, sources));
        }
    }

    /// <summary>The coalescing window is over.</summary>
    private sealed record PublishNow
    {
        public static PublishNow Instance { get; } = new();
    }
}
