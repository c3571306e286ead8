using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// Forms or joins the node's cluster through a DNS seed: every <see cref="FormationSettings.Interval"/> it
/// looks the name up and asks every other address's <see cref="FormationProbeActor"/> whether it belongs to
/// a cluster, feeds what it saw to <see cref="FormationPolicy"/>, and does what the rule says (join the
/// members that answered, or join itself). It publishes where it stands for /ready, and stops once this node
/// is Up, so a joined node no longer asks the DNS anything.
/// </summary>
public sealed class ClusterFormationActor : ReceiveActor, IWithTimers
{
    private const string TickKey = "formation-tick";

    private readonly FormationSettings _settings;
    private readonly IContactPointResolver _resolver;
    private readonly TimeProvider _time;
    private readonly FormationStatusCell _status;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly Microsoft.Extensions.Logging.ILogger _log;
    private readonly DateTimeOffset _started;
    private FormationObservations _observations;
    private bool _lookingUp;
    private FormationDecision? _issued;
    private DateTimeOffset _issuedAt;
    private (FormationWait Kind, string? Error)? _logged;

    public ClusterFormationActor(FormationSettings settings, IContactPointResolver resolver, TimeProvider time, FormationStatusCell status)
    {
        _settings = settings;
        _resolver = resolver;
        _time = time;
        _status = status;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _log = new ActorLogger(Context.GetLogger());
        _started = time.GetUtcNow();
        _observations = FormationObservations.Start(_started);

        Receive<Tick>(_ => LookUp());
        Receive<ContactPointLookup>(OnLookup);
        Receive<Probed>(OnProbed);
        Receive<ClusterEvent.MemberUp>(up => up.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress), _ => OnSelfUp());
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            if (state.Members.Any(m => m.UniqueAddress.Equals(_cluster.SelfUniqueAddress) && m.Status == MemberStatus.Up))
            {
                OnSelfUp();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FormationSettings settings, IContactPointResolver resolver, TimeProvider time, FormationStatusCell status) =>
        Akka.Actor.Props.Create(() => new ClusterFormationActor(settings, resolver, time, status));

    protected override void PreStart()
    {
        _status.Publish(new FormationStatus(_resolver.Describe, "looking the name up"));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(TickKey, Tick.Instance, TimeSpan.Zero, _settings.Interval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void LookUp()
    {
        // One lookup at a time: a server that takes longer than the interval is not asked twice at once.
        if (_lookingUp)
        {
            return;
        }

        _lookingUp = true;
        _resolver.LookupAsync(CancellationToken.None).PipeTo(Self,
            failure: e => ContactPointLookup.Failed($"looking up {_resolver.Describe} failed: {e.Message}"));
    }

    private void OnLookup(ContactPointLookup lookup)
    {
        _lookingUp = false;
        _observations = _observations.Looked(lookup, _time.GetUtcNow());
        foreach (var contactPoint in _observations.ContactPoints.Where(c => c != _settings.Self))
        {
            Probe(contactPoint);
        }

        Decide();
    }

    private void Probe(ContactPoint contactPoint)
    {
        var address = new Address(_settings.Protocol, _settings.SystemName, contactPoint.Address.ToString(), contactPoint.Port);
        var probe = Context.ActorSelection(new RootActorPath(address) / "user" / FormationProbeActor.Name);
        // A silent contact point simply has no fresh answer: the rule counts it as not heard from.
        probe.Ask<FormationProbeResult>(FormationProbe.Instance, _settings.ProbeTimeout)
            .PipeTo(Self, success: result => new Probed(contactPoint, result), failure: _ => new Probed(contactPoint, null));
    }

    private void OnProbed(Probed probed)
    {
        if (probed.Result is { } result)
        {
            // Only members that are Akka addresses: a peer of another build or a stranger on the port must not
            // make this actor throw (and restart without knowing what it already asked Akka to do).
            var members = result.Members.IsDefault ? [] : result.Members.Where(IsPeerAddress).ToImmutableArray();
            var formingAs = result.Forming && IsPeerAddress(result.Responder) ? result.Responder : null;
            _observations = _observations.Answered(probed.ContactPoint, new ProbeAnswer(_time.GetUtcNow(), members, formingAs));
            Decide();
        }
    }

    /// <summary>A member a node can join: an Akka address of this cluster's name and transport, with a host and a port.</summary>
    private bool IsPeerAddress(string member) =>
        Address.TryParse(member, out var address)
        && !string.IsNullOrEmpty(address.Host)
        && address.Port is > 0 and <= 65535
        && address.System == _settings.SystemName
        && address.Protocol == _settings.Protocol;

    private void Decide()
    {
        var now = _time.GetUtcNow();
        if (_issued is FormationDecision.JoinExisting abandoned && now - _issuedAt >= _settings.JoinDeadline && !ClusterAnswered(now))
        {
            // The members it was given no longer answer (gone, or never reachable): Akka would retry them
            // forever. Deciding again joins whoever answers now, or lets this node form or wait as the rule says.
            FormationLog.JoinAbandoned(_log, string.Join(", ", abandoned.Seeds), _resolver.Describe, _settings.JoinDeadline);
            _issued = null;
            _logged = null;
        }

        var decision = FormationPolicy.Decide(_observations, _settings.Self, _settings.StableMargin, _settings.RequiredContactPoints, _settings.AnswerValidity, now);
        switch (decision)
        {
            case FormationDecision.JoinExisting join when join.Seeds.Any(s => !Address.Parse(s).Equals(_cluster.SelfAddress)) && (_issued is null
                || (_issued is FormationDecision.JoinExisting issued && !issued.Seeds.Intersect(join.Seeds, StringComparer.Ordinal).Any())):
                // A second join only when none of the members first given answers as one any more: restarting
                // Akka's join with every new member that came Up would only delay it.
                _issued = join;
                _issuedAt = now;
                // Never this node's own address among the seeds (a restarted node's previous run may still be
                // listed as a member): Akka would take a first seed that is itself as leave to start a cluster alone.
                _cluster.JoinSeedNodes(join.Seeds.Select(Address.Parse).Where(a => !a.Equals(_cluster.SelfAddress)));
                FormationLog.JoiningExisting(_log, _resolver.Describe, string.Join(", ", join.Seeds));
                _status.Publish(new FormationStatus(_resolver.Describe, $"joining the cluster of {string.Join(", ", join.Seeds)}"));
                break;
            case FormationDecision.FormSelf form when _issued is null:
                // Never after a join was asked for: a node that is joining a cluster must not start another.
                _issued = form;
                _issuedAt = now;
                _status.SelfJoinIssuedNow();
                _cluster.Join(_cluster.SelfAddress);
                FormationLog.FormingSelf(_log, _resolver.Describe, string.Join(", ", form.ContactPoints), _settings.StableMargin, _settings.Self!.ToString());
                _status.Publish(new FormationStatus(_resolver.Describe, $"forming the cluster as the lowest of {string.Join(", ", form.ContactPoints)}"));
                break;
            case FormationDecision.Wait wait when _issued is null:
                _status.Publish(new FormationStatus(_resolver.Describe, wait.Reason));
                LogOnChange(wait);
                break;
        }
    }

    /// <summary>Whether a member of a cluster, or a node forming one, answered within the join deadline.</summary>
    private bool ClusterAnswered(DateTimeOffset now) =>
        _observations.Answers.Values.Any(a => (a.IsMember || a.FormingAs is not null) && now - a.ObservedAt < _settings.JoinDeadline);

    private void LogOnChange(FormationDecision.Wait wait)
    {
        var key = (wait.Kind, wait.Kind == FormationWait.LookupFailed ? wait.Reason : null);
        if (_logged == key)
        {
            return;
        }

        _logged = key;
        if (wait.Kind == FormationWait.LookupFailed)
        {
            FormationLog.LookupFailed(_log, _resolver.Describe, wait.Reason, _settings.Interval);
        }
        else
        {
            FormationLog.Waiting(_log, _resolver.Describe, wait.Reason);
        }
    }

    private void OnSelfUp()
    {
        FormationLog.Joined(_log, _resolver.Describe, _cluster.SelfAddress.ToString(), _time.GetUtcNow() - _started);
        _status.Publish(null);
        Context.Stop(Self);
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Probed(ContactPoint ContactPoint, FormationProbeResult? Result);
}
