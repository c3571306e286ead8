using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Proxy.Actors.Backends;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Shares backend health between nodes. Collects this node's own observations from its backend
/// actors (event stream), writes them under <c>health/&lt;node&gt;</c>, reads every member's, and
/// turns them into verdicts with <see cref="SharedHealthRule"/>, published to the backend actors
/// on the event stream. A removed node's reports stop counting at once: what it saw about a
/// backend is no longer being refreshed, so its key is deleted at once too. A node restarted on
/// the same address counts with what its new run reports only.
/// </summary>
public sealed class SharedHealthActor : ReceiveActor, IWithTimers
{
    private const string WriteTimer = "write";
    private const string ExpiryTimer = "expiry";

    /// <summary>Gathers a burst (a host's containers failing together) into one write, without a noticeable wait.</summary>
    private static readonly TimeSpan WriteWindow = TimeSpan.FromMilliseconds(20);

    private readonly SharingSettings _settings;
    private readonly TimeProvider _time;

    /// <summary>An ejection's end is a decision on the injected clock; the write window only gathers a burst, on Akka's.</summary>
    private readonly ClockTimers _expiry;

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _self;
    private readonly Dictionary<string, BackendObservation> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeHealthReport> _remote = new(StringComparer.Ordinal);

    /// <summary>Every other member and the run of it whose reports count; a removed member is forgotten at once.</summary>
    private readonly NodeRuns _runs;

    private ImmutableDictionary<string, ImmutableSortedSet<string>> _owners = ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty;
    private ImmutableDictionary<string, SharedVerdict> _verdicts = ImmutableDictionary<string, SharedVerdict>.Empty;
    private long _version;

    public SharedHealthActor(SharingSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        _expiry = new ClockTimers(time, Self);
        _self = ClusterNode.Id(_cluster.SelfAddress);
        _runs = new NodeRuns(_self);
        Receive<BackendObserved>(Observed);
        Receive<ServerOwnersChanged>(owners =>
        {
            _owners = owners.Owners;
            Decide();
        });
        Receive<ClusterEvent.MemberRemoved>(removed => Forget(removed.Member));
        Receive<ClusterEvent.IMemberEvent>(e => Track(e.Member));
        Receive<Changed>(changed => Read(changed.Data));
        Receive<WriteNow>(_ => Write());
        Receive<ClockTimerFired>(fired =>
        {
            if (_expiry.Accept(fired) is not null)
            {
                Decide();
            }
        });
        // Before the update and delete responses: DataDeleted is both, and also what a subscriber
        // hears when a key it reads is deleted (a removed run's, which no longer counts anyway).
        Receive<DataDeleted>(deleted => ReplicationKeys.Deleted(deleted, [ReplicationKeys.Health(_cluster.SelfUniqueAddress)], _log));
        Receive<IUpdateResponse>(response =>
        {
            if (response is IUpdateFailure)
            {
                _log.Debug("Health report {0} reached not every node in time; gossip will carry it", response.Key);
            }
        });
        Receive<IDeleteResponse>(response => ReplicationKeys.DeleteAnswered(response, _log));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SharingSettings settings, TimeProvider time) => ActorFactory.Props(() => new SharedHealthActor(settings, time));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(BackendObserved));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        // A restarted node starts from nothing: clear what its previous run reported.
        Write();
    }

    protected override void PostStop()
    {
        _expiry.Dispose();
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void Observed(BackendObserved observed)
    {
        if (observed.Health == ObservedHealth.Up)
        {
            if (!_local.Remove(observed.Url))
            {
                return;
            }
        }
        else
        {
            _local[observed.Url] = new BackendObservation(
                _self, observed.Url, observed.Health, observed.Reason, _time.GetUtcNow().ToUnixTimeMilliseconds(),
                observed.Until?.ToUnixTimeMilliseconds() ?? 0);
        }

        if (!Timers.IsTimerActive(WriteTimer))
        {
            Timers.StartSingleTimer(WriteTimer, WriteNow.Instance, WriteWindow);
        }

        Decide();
    }

    private void Write()
    {
        var report = new NodeHealthReport(_self, ++_version, [.. _local.Values.OrderBy(o => o.ServerUrl, StringComparer.Ordinal)]);
        _replicator.Tell(ReplicationKeys.Write(ReplicationKeys.Health(_cluster.SelfUniqueAddress), report, _cluster.SelfUniqueAddress, _settings.WriteTimeout));
    }

    private void Track(Member member)
    {
        var node = ClusterNode.Id(member.Address);
        var previous = _runs.RunOf(node);
        switch (_runs.Joined(member.UniqueAddress, member.Status))
        {
            case NodeJoin.First:
                break;
            case NodeJoin.Restarted:
                // Its previous run's report no longer counts, and that run is gone for good.
                _remote.Remove(node);
                Drop(previous!);
                break;
            default:
                return;
        }

        // A new subscriber is told the current value: a report that arrived before the join is not lost.
        _replicator.Tell(Dsl.Subscribe(ReplicationKeys.Health(member.UniqueAddress), Self));
        Decide();
    }

    private void Forget(Member member)
    {
        var node = ClusterNode.Id(member.Address);
        if (!_runs.Removed(member.UniqueAddress))
        {
            return;
        }

        _runs.Forget(node);
        Drop(member.UniqueAddress);
        _remote.Remove(node);
        Decide();
    }

    /// <summary>Stops reading a run that is gone and deletes its report.</summary>
    private void Drop(UniqueAddress run) =>
        ReplicationKeys.Drop(_replicator, Self, [ReplicationKeys.Health(run)], _settings.WriteTimeout);

    private void Read(object data)
    {
        if (data is LWWRegister<NodeHealthReport> { Value: { } report } register
            && _runs.Counts(report.Node, register.UpdatedBy))
        {
            _remote[report.Node] = report;
            Decide();
        }
    }

    private void Decide()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var reports = _local.Values.Concat(_remote.Values.SelectMany(r => r.Observations));
        var verdicts = SharedHealthRule.Decide(reports, _self, _owners, _runs.MemberCount + 1, now);
        ScheduleExpiry(verdicts, now);
        if (verdicts.Count == _verdicts.Count && verdicts.All(v => _verdicts.TryGetValue(v.Key, out var old) && old == v.Value))
        {
            return;
        }

        _verdicts = verdicts;
        SharedHealthCell.Get(Context.System).Publish(verdicts);
        Context.System.EventStream.Publish(new SharedHealthChanged(verdicts));
    }

    /// <summary>An ejection ends at its expiry even if its reporter never withdraws it.</summary>
    private void ScheduleExpiry(ImmutableDictionary<string, SharedVerdict> verdicts, long now)
    {
        var next = verdicts.Values.Where(v => v.ExpiresAtUnixMs > now).Select(v => v.ExpiresAtUnixMs).DefaultIfEmpty(0).Min();
        if (next > 0)
        {
            _expiry.StartSingleTimer(ExpiryTimer, ExpiryDue.Instance, TimeSpan.FromMilliseconds(next - now + 1));
        }
    }

    private sealed class WriteNow
    {
        public static WriteNow Instance { get; } = new();
    }

    private sealed class ExpiryDue
    {
        public static ExpiryDue Instance { get; } = new();
    }
}
