using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Cluster;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// The ordering singleton's router problems on every node (one per node). The singleton tells its own
/// node's actor its whole list (<see cref="PublishAcmeRouterProblems"/>), which bounds it
/// (<see cref="AcmeRouterProblemsBound"/>) and writes it to one register (<see cref="AcmeReplicationKeys.RouterProblems"/>)
/// as far as the other ACME writes go (<see cref="AcmeWriteConsistency"/>). Every node's actor follows that
/// register into its <see cref="AcmeRouterStatusCell"/>'s ordering problems, which the API shows on the
/// routers, and logs each problem once when it first appears. When the singleton moves, the new one's
/// first list replaces the old one's: its write is newer than every value its node holds. A list whose
/// writer is no longer a member of the cluster is not shown: when no node is left to run the singleton,
/// nothing would ever replace it.
/// </summary>
public sealed partial class AcmeRouterProblemsActor : ReceiveActor
{
    private readonly AcmeStateSettings _settings;
    private readonly AcmeRouterStatusCell _status;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly ILogger _log = new ActorLogger(Context.GetLogger());
    private readonly string _self;

    /// <summary>The value this node's replica holds, as last notified.</summary>
    private AcmeRouterProblemsEntry? _replicated;

    /// <summary>The last value this node wrote for its singleton.</summary>
    private AcmeRouterProblemsEntry? _written;

    /// <summary>The problems shown now, each logged once when it appeared.</summary>
    private ImmutableHashSet<AcmeRouterProblem> _shown = [];

    /// <summary>The members of the cluster, as this node's membership events tell them.</summary>
    private ImmutableHashSet<string> _members = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    private int _omittedLogged;
    private string? _unreadLogged;

    public AcmeRouterProblemsActor(AcmeStateSettings settings, AcmeRouterStatusCell status)
    {
        _settings = settings;
        _status = status;
        _self = ClusterNode.Id(_cluster.SelfAddress);

        Receive<PublishAcmeRouterProblems>(Write);
        Receive<Changed>(changed =>
        {
            if (changed.Data is LWWRegister<AcmeRouterProblemsEntry> { Value: { } entry })
            {
                Follow(entry);
            }
        });
        Receive<UpdateSuccess>(_ => { });
        Receive<UpdateTimeout>(timeout => Log.WriteUnconfirmed(_log, timeout.Key.Id, _settings.WriteTimeout));
        Receive<IUpdateFailure>(failure => Log.WriteFailed(_log, failure.Key.Id, failure is ModifyFailure modify ? modify.ErrorMessage : failure.GetType().Name));
        Receive<DataDeleted>(deleted => Log.KeyDeleted(_log, deleted.Key.Id));
        Receive<Akka.Cluster.ClusterEvent.IMemberEvent>(changed =>
        {
            var id = ClusterNode.Id(changed.Member.Address);
            _members = changed is Akka.Cluster.ClusterEvent.MemberRemoved ? _members.Remove(id) : _members.Add(id);
            if (_replicated is { Unread: null } current && current.Node == id)
            {
                Follow(current);
            }
        });
    }

    public static Props Props(AcmeStateSettings settings, AcmeRouterStatusCell status) =>
        ActorFactory.Props(() => new AcmeRouterProblemsActor(settings, status));

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Subscribe(AcmeReplicationKeys.RouterProblems, Self));
        _cluster.Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(Akka.Cluster.ClusterEvent.IMemberEvent));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>
    /// Written when the list differs from what this node last wrote or from what the register holds (another
    /// node's singleton wrote since, or a notification crossed this node's write): an extra write is harmless,
    /// a missed one leaves stale problems on every node.
    /// </summary>
    private void Write(PublishAcmeRouterProblems publish)
    {
        var entry = AcmeRouterProblemsBound.Of(_self, publish.Problems.IsDefault ? [] : publish.Problems);
        if (entry.SameProblems(_written) && entry.SameProblems(_replicated))
        {
            return;
        }

        _written = entry;
        var self = _cluster.SelfUniqueAddress;
        _replicator.Tell(Dsl.Update(
            AcmeReplicationKeys.RouterProblems,
            new LWWRegister<AcmeRouterProblemsEntry>(self, entry),
            AcmeWriteConsistency.Reachable(_cluster, _settings.WriteTimeout),
            null,
            register => register.WithValue(self, entry)));
    }

    private void Follow(AcmeRouterProblemsEntry entry)
    {
        _replicated = entry;
        if (entry.Unread is { } unread)
        {
            // What it says is unknown; the old problems may be gone too, so none is shown rather than stale ones.
            if (_unreadLogged != unread.Reason)
            {
                Log.Unreadable(_log, AcmeReplicationKeys.RouterProblems.Id, unread.Reason);
                _unreadLogged = unread.Reason;
            }

            Show([], 0, null);
            return;
        }

        _unreadLogged = null;
        if (!IsMember(entry.Node))
        {
            // Its singleton's node is gone: a successor's first list replaces this one, and if no node is
            // left to run the singleton, nothing orders, so nothing failed is current.
            Show([], 0, null);
            return;
        }

        // Bounded again as read: a peer of another build, or a misbehaving one, may write more than this build would.
        var bounded = AcmeRouterProblemsBound.Of(entry.Node, entry.Problems.IsDefault ? [] : entry.Problems);
        Show(bounded.Problems, entry.Omitted + bounded.Omitted, entry.Node);
    }

    private bool IsMember(string node) => _members.Contains(node);

    private void Show(ImmutableArray<AcmeRouterProblem> problems, int omitted, string? node)
    {
        // This node's configuration check logs its own problems already; the singleton repeats them.
        var own = _status.ConfigurationProblems.ToHashSet();
        foreach (var problem in problems.Where(p => !_shown.Contains(p) && !own.Contains(p)))
        {
            Log.Problem(_log, problem.Router, node ?? "?", problem.Message);
        }

        if (omitted > 0 && omitted != _omittedLogged)
        {
            Log.OmittedReplicated(_log, omitted, node ?? "?", AcmeRouterProblemsBound.MaxProblems, AcmeRouterProblemsBound.MaxBytes);
        }

        _omittedLogged = omitted;
        _shown = [.. problems];
        _status.Publish(problems);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Router {Router}: {Message} (reported by the ACME ordering singleton on node {Node})")]
        public static partial void Problem(ILogger logger, string router, string node, string message);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "ACME key {Key} holds router problems this node cannot read, so none is shown here (a node of another build runs the ordering singleton): {Reason}")]
        public static partial void Unreadable(ILogger logger, string key, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Omitted} more ACME router problem(s) of the ordering singleton on node {Node} are not shown: over the limit of {MaxProblems} problems or {MaxBytes} bytes in one replicated value; they are in that node's log")]
        public static partial void OmittedReplicated(ILogger logger, int omitted, string node, int maxProblems, int maxBytes);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "ACME key {Key}: not every reachable member confirmed the router problems within {Timeout}; gossip carries them on")]
        public static partial void WriteUnconfirmed(ILogger logger, string key, TimeSpan timeout);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "ACME key {Key}: router problems not written: {Reason}")]
        public static partial void WriteFailed(ILogger logger, string key, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "ACME key {Key} was deleted; ACME keys are never deleted by this build")]
        public static partial void KeyDeleted(ILogger logger, string key);
    }
}
