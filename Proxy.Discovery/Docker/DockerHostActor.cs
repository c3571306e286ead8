using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Docker.DotNet;
using Docker.DotNet.Models;
using Proxy.Actors;

namespace Proxy.Discovery.Docker;

/// <summary>
/// Watches one Docker host: a full list on every (re)connect, then the container events in order.
/// Reports the host's whole container set to the provider after each change. Only GET calls reach
/// the daemon (version, list, inspect, events), so a read-only socket proxy is enough.
/// </summary>
public sealed class DockerHostActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly string _endpoint;
    private readonly DockerTlsSettings? _tls;
    private readonly IActorRef _provider;

    /// <summary>
    /// Why the TLS callback last refused the daemon's certificate. Written on the handshake's thread and read
    /// when the failure arrives as a message: .NET's own error only says that the callback refused.
    /// </summary>
    private readonly DockerTlsRefusals _refusals = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Last event number per container, so that an inspect overtaken by a later event is dropped.</summary>
    private readonly Dictionary<string, long> _lastEvent = new(StringComparer.Ordinal);

    /// <summary>Containers that got their stop signal; kept apart so that a re-inspect does not undo it.</summary>
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);

    private DockerClient? _client;

    /// <summary>The certificates of a TLS endpoint (client and CAs), owned by this actor and released when it stops.</summary>
    private DockerTlsMaterial? _material;

    /// <summary>Cancels everything of the current connection: the list, its inspects and the event stream.</summary>
    private CancellationTokenSource? _connection;

    /// <summary>Numbers connections; results and events of an abandoned one are ignored.</summary>
    private int _generation;

    private long _eventNumber;
    private TimeSpan _retryDelay = FirstRetry;
    private ImmutableDictionary<string, ContainerInfo> _containers = ImmutableDictionary<string, ContainerInfo>.Empty;

    public DockerHostActor(string endpoint, DockerTlsSettings? tls, IActorRef provider)
    {
        _endpoint = endpoint;
        _tls = tls;
        _provider = provider;

        Receive<Connect>(_ => StartConnecting());
        Receive<Listed>(OnListed);
        Receive<ConnectionLost>(OnConnectionLost);
        Receive<DockerEventReceived>(OnEvent);
        Receive<Inspected>(OnInspected);
        Receive<InspectFailed>(OnInspectFailed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="endpoint">The daemon: <c>unix:///var/run/docker.sock</c>, <c>tcp://host:2375</c>.</param>
    /// <param name="tls">TLS to the daemon, or null for none (a unix socket, plain tcp).</param>
    /// <param name="provider">Where the host's news go: not the actor's parent when a backoff supervisor sits between.</param>
    public static Props Props(string endpoint, DockerTlsSettings? tls, IActorRef provider) =>
        ActorFactory.Props(() => new DockerHostActor(endpoint, tls, provider));

    /// <inheritdoc cref="Props(string, DockerTlsSettings?, IActorRef)"/>
    public static Props Props(string endpoint, IActorRef provider) => Props(endpoint, null, provider);

    protected override void PreStart()
    {
        // No API version is pinned: the client negotiates, as daemons from 1.41 to 1.5x accept different ranges.
        var builder = new DockerClientBuilder().WithEndpoint(new Uri(_endpoint));
        if (_tls is not null)
        {
            // Read here, once per watcher: the node checked the same files at start, so a failure now means
            // they changed since; it crashes this actor, whose supervisor retries with a growing pause.
            if (!DockerTlsMaterial.TryLoad(_tls, out var material, out var error))
            {
                // Shown like any lost connection (API, log), then the supervisor's pause and a fresh read.
                var reason = $"TLS: {error} (the files were readable when the node started)";
                _log.Warning("Cannot connect to Docker host {0}: {1}", _endpoint, reason);
                _provider.Tell(new HostDisconnected(_endpoint, reason));
                throw new InvalidOperationException($"Docker host {_endpoint}: {reason}");
            }

            _material = material;
            builder = builder.WithAuthProvider(material!.Credentials(_refusals));
        }

        _client = builder.Build();
        StartConnecting();
    }

    protected override void PostStop()
    {
        _connection?.Cancel();
        _connection?.Dispose();
        _client?.Dispose();
        _material?.Dispose();
    }

    private void StartConnecting()
    {
        _generation++;
        ReplaceConnection();
        var current = _generation;
        ListAsync(_client!, _endpoint, current, _connection!.Token)
            .PipeTo(Self, success: listed => listed, failure: e => new ConnectionLost(current, ConnectFailure(e)));
    }

    private static async Task<Listed> ListAsync(DockerClient client, string endpoint, int generation, CancellationToken token)
    {
        var version = await client.System.GetVersionAsync(token);

        // Taken before the list: the event stream starts here, so nothing between list and stream is lost.
        // Events replayed from before the list are harmless: each one leads to the state Docker reports now.
        var since = DateTimeOffset.UtcNow;
        var listed = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token);

        // Only running or paused containers can ever serve; stopped ones come back through a start event,
        // except those labelled allownonrunning, whose routers stay while they are stopped.
        var inspected = await Task.WhenAll(listed
            .Where(c => c.State is "running" or "paused" || NonRunningLabel.MayAllow(c.Labels))
            .Select(c => InspectOrNullAsync(client, c.ID, endpoint, token)));
        return new Listed(generation, since, version.Version, version.APIVersion, [.. inspected.OfType<ContainerInfo>()]);
    }

    /// <summary>Null when the container is gone (removed between list and inspect, or before the inspect of an event).</summary>
    private static async Task<ContainerInfo?> InspectOrNullAsync(DockerClient client, string id, string endpoint, CancellationToken token)
    {
        try
        {
            var inspected = await client.Containers.InspectContainerAsync(id, token);
            return ContainerInspection.ToContainerInfo(inspected, endpoint, draining: false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private void OnListed(Listed listed)
    {
        if (listed.Generation != _generation)
        {
            return;
        }

        _retryDelay = FirstRetry;

        // A full resync: what was missed while disconnected (stop signals included) cannot be known.
        _containers = listed.Containers.ToImmutableDictionary(c => c.Id, StringComparer.Ordinal);
        _lastEvent.Clear();
        _draining.Clear();
        _log.Info("Connected to Docker host {0} (Docker {1}, API {2}): {3} running or paused containers",
            _endpoint, listed.DaemonVersion, listed.ApiVersion, _containers.Count);
        _provider.Tell(new HostConnected(_endpoint, listed.DaemonVersion, listed.ApiVersion));
        Report(urgent: false);
        FollowEvents(listed.Since);
    }

    private void FollowEvents(DateTimeOffset since)
    {
        var current = _generation;
        var parameters = new ContainerEventsParameters
        {
            Since = DockerTimestamp(since),
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
        };
        _client!.System.MonitorEventsAsync(parameters, new DockerEventForwarder(Self, current), _connection!.Token)
            .PipeTo(Self,
                success: () => new ConnectionLost(current, "the daemon closed the event stream"),
                failure: e => new ConnectionLost(current, Reason(e)));
    }

    /// <summary>Docker's timestamp format: Unix seconds with an optional fraction.</summary>
    private static string DockerTimestamp(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}.{milliseconds % 1000:D3}");
    }

    private void OnConnectionLost(ConnectionLost lost)
    {
        if (lost.Generation != _generation)
        {
            return;
        }

        // Nothing of this connection may run on: a half-dead stream would deliver events into the next one.
        _generation++;
        ReplaceConnection();
        _log.Warning("Disconnected from Docker host {0}: {1}; reconnecting in {2} ms", _endpoint, lost.Reason, (int)_retryDelay.TotalMilliseconds);
        _provider.Tell(new HostDisconnected(_endpoint, lost.Reason));
        Timers.StartSingleTimer(nameof(Connect), Connect.Instance, _retryDelay);
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, LastRetry.Ticks));
    }

    private void OnEvent(DockerEventReceived received)
    {
        if (received.Generation != _generation)
        {
            return;
        }

        var kind = DockerEventPolicy.Classify(received.Action, received.Attributes);
        if (kind == DockerEventKind.Ignored)
        {
            return;
        }

        var id = received.ContainerId;
        var number = ++_eventNumber;
        _lastEvent[id] = number;
        var known = _containers.TryGetValue(id, out var container);
        switch (kind)
        {
            case DockerEventKind.Reinspect:
                if (received.Action == "start")
                {
                    // A restarted container serves again; only its own stop signal drains it.
                    _draining.Remove(id);
                }

                Inspect(id, number);
                break;
            case DockerEventKind.Drain:
                _draining.Add(id);
                if (known && !container!.Draining)
                {
                    _containers = _containers.SetItem(id, container with { Draining = true });
                    _log.Info("Container {0} on {1} got signal {2}: draining", container.Name, _endpoint, received.Attributes.GetValueOrDefault("signal"));
                    Report(urgent: true);
                }
                else if (!known)
                {
                    // Its inspect is still on the way and now counts as stale: read it again.
                    Inspect(id, number);
                }

                break;
            case DockerEventKind.Remove when received.Action != "destroy" && known && NonRunningLabel.MayAllow(container!.Labels):
                // Stopped, not gone: its routers stay (allownonrunning); the inspect gives its new state.
                _draining.Remove(id);
                Inspect(id, number);
                break;
            case DockerEventKind.Remove:
                _draining.Remove(id);
                if (received.Action == "destroy")
                {
                    _lastEvent.Remove(id);
                }

                if (known)
                {
                    _containers = _containers.Remove(id);
                    Report(urgent: false);
                }

                break;
            case DockerEventKind.Pause:
                if (known)
                {
                    _containers = _containers.SetItem(id, container! with { State = ContainerState.Paused });
                    Report(urgent: false);
                }
                else
                {
                    Inspect(id, number);
                }

                break;
        }
    }

    private void Inspect(string id, long number)
    {
        var current = _generation;
        InspectOrNullAsync(_client!, id, _endpoint, _connection!.Token)
            .PipeTo(Self,
                success: info => new Inspected(current, id, number, info),
                failure: e => new InspectFailed(current, id, Reason(e)));
    }

    private void OnInspected(Inspected inspected)
    {
        if (inspected.Generation != _generation
            || !_lastEvent.TryGetValue(inspected.Id, out var number) || number != inspected.EventNumber)
        {
            return;
        }

        if (inspected.Info is { } info && (info.State is ContainerState.Running or ContainerState.Paused || NonRunningLabel.MayAllow(info.Labels)))
        {
            _containers = _containers.SetItem(info.Id, info with { Draining = _draining.Contains(info.Id) });
        }
        else if (_containers.ContainsKey(inspected.Id))
        {
            _containers = _containers.Remove(inspected.Id);
        }
        else
        {
            return;
        }

        Report(urgent: false);
    }

    private void OnInspectFailed(InspectFailed failed)
    {
        // A daemon that fails an inspect usually fails the stream too, which reconnects and resyncs.
        if (failed.Generation == _generation)
        {
            _log.Warning("Cannot inspect container {0} on {1}: {2}", failed.Id, _endpoint, failed.Reason);
        }
    }

    private void Report(bool urgent) =>
        _provider.Tell(new HostContainersChanged(_endpoint, [.. _containers.Values], urgent));

    private void ReplaceConnection()
    {
        _connection?.Cancel();
        _connection?.Dispose();
        _connection = new CancellationTokenSource();
    }

    /// <summary>
    /// A missing unix socket surfaces as "Cannot assign requested address", which sends an operator
    /// looking at the network; the daemon being down or the socket not mounted is the usual cause.
    /// </summary>
    private string ConnectFailure(Exception e)
    {
        var uri = new Uri(_endpoint);
        if (uri.Scheme == "unix" && !System.IO.File.Exists(uri.LocalPath))
        {
            return $"socket {uri.LocalPath} does not exist (daemon not running or socket not mounted)";
        }

        // .NET says only that the callback refused the certificate; the callback knows why.
        if (_refusals.Take() is { } refusal)
        {
            return $"TLS: {refusal}";
        }

        var reason = Reason(e);
        return _tls is not null && DaemonRefusedClient(reason)
            ? $"TLS: the daemon refused the client certificate {_tls.CertFile} (dockerd --tlsverify accepts only clients signed by its --tlscacert): {reason}"
            : reason;
    }

    /// <summary>The alerts OpenSSL reports when the server turned our certificate down (TLS 1.2 and 1.3 spell it differently).</summary>
    private static bool DaemonRefusedClient(string reason) =>
        reason.Contains("alert bad certificate", StringComparison.Ordinal)
        || reason.Contains("alert unknown ca", StringComparison.Ordinal)
        || reason.Contains("alert certificate required", StringComparison.Ordinal);

    /// <summary>"Connection failed: No such file or directory": the outer message alone rarely says why.</summary>
    private static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e is AggregateException aggregate ? aggregate.GetBaseException() : e; current is not null; current = current.InnerException)
        {
            var message = current.Message.TrimEnd('.');
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return messages.Count == 0 ? e.GetType().Name : string.Join(": ", messages);
    }

    /// <summary>Time to (re)connect.</summary>
    private sealed record Connect
    {
        public static Connect Instance { get; } = new();
    }

    /// <summary>The full list of a connection, taken just after <paramref name="Since"/>.</summary>
    private sealed record Listed(int Generation, DateTimeOffset Since, string? DaemonVersion, string? ApiVersion, ImmutableArray<ContainerInfo> Containers);

    /// <summary>The list or the event stream failed or ended.</summary>
    private sealed record ConnectionLost(int Generation, string Reason);

    /// <summary>A container read again after an event; null when it no longer exists.</summary>
    private sealed record Inspected(int Generation, string Id, long EventNumber, ContainerInfo? Info);

    private sealed record InspectFailed(int Generation, string Id, string Reason);
}
