using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Shares what this node's providers discovered with every node, and gives the configuration
/// actor every provider's configuration for the whole cluster. Providers report here instead of
/// to the configuration actor; this actor writes their configuration in
/// <see cref="ConfigSharding.ShardCount"/> shards under keys only this node writes, reads every
/// member's shards, merges them per provider (<see cref="ClusterConfigMerge"/>) and passes the
/// result on. A removed node's shards keep counting for <see cref="SharingSettings.RemovedNodeGrace"/>,
/// then are dropped and its keys deleted (docs/cluster.md, "When a node is removed"). A node
/// restarted on the same address counts with what its new run writes only, and its previous
/// run's keys are deleted at once; only where the new run writes a shard in a format this node
/// does not read (a rolling upgrade) does the previous run's shard keep serving.
/// </summary>
public sealed class SharedConfigActor : ReceiveActor
{
    private const string SweepTimer = "sweep";

    /// <summary>The shortest pause between two sweeps, whatever the grace: a grace of zero must not spin.</summary>
    private static readonly TimeSpan MinimumSweep = TimeSpan.FromSeconds(1);

    private readonly IActorRef _configuration;
    private readonly IActorRef _health;
    private readonly SharingSettings _settings;
    private readonly TimeProvider _time;
    private readonly ClockTimers _timers;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _self;
    private readonly Dictionary<string, ProviderSnapshot> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<SourceStatus>> _sources = new(StringComparer.Ordinal);
    private readonly byte[]?[] _written = new byte[ConfigSharding.ShardCount][];
    private readonly Dictionary<string, ConfigShard?[]> _remote = new(StringComparer.Ordinal);

    /// <summary>
    /// Per node restarted on its address, the shards its previous run had that the new run has not
    /// yet written readably: a rolling upgrade restarts a node on a build whose shards this node
    /// refuses, and the previous run's shard then serves in place of the refused one.
    /// </summary>
    private readonly Dictionary<string, ConfigShard?[]> _previousRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _removed = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, ImmutableSortedSet<string>> _owners = ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty;

    /// <summary>The members, and per counted node (member, or removed within its grace) the run of it whose writes count.</summary>
    private readonly NodeRuns _runs;

    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private ImmutableArray<ConfigError> _oversize = [];

    /// <summary>Shards another node wrote in a format this node does not read, by key: not applied, reported.</summary>
    private readonly SortedDictionary<string, (string Node, RefusedConfig Refused)> _refused = new(StringComparer.Ordinal);
    private bool _recomputeQueued;
    private long _version;

    /// <summary>Keys the last sweep found with no live run: deleted if the next sweep finds the same.</summary>
    private ImmutableHashSet<string> _suspects = ImmutableHashSet<string>.Empty;

    public SharedConfigActor(IActorRef configuration, IActorRef health, SharingSettings settings, TimeProvider time)
    {
        _configuration = configuration;
        _health = health;
        _settings = settings;
        _time = time;
        _timers = new ClockTimers(time, Self);
        _self = ClusterNode.Id(_cluster.SelfAddress);
        _runs = new NodeRuns(_self);
        Receive<ProviderConfigurationChanged>(changed =>
            LocalChanged(new ProviderSnapshot(_self, changed.Provider, 0, changed.Config, changed.Errors.IsDefault ? [] : changed.Errors, false)));
        Receive<ProviderConfigurationFailed>(failed =>
            LocalChanged(new ProviderSnapshot(
                _self, failed.Provider, 0,
                _local.TryGetValue(failed.Provider, out var last) ? last.Config : DynamicConfig.Empty,
                failed.Errors.IsDefault ? [] : failed.Errors,
                true)));
        Receive<ProviderSourcesChanged>(sources =>
        {
            _sources[sources.Provider] = sources.Sources;
            WriteStatus();
        });
        Receive<ClusterEvent.MemberRemoved>(removed => Removed(removed.Member));
        Receive<ClusterEvent.IMemberEvent>(e => Joined(e.Member));
        Receive<ClockTimerFired>(fired =>
        {
            switch (_timers.Accept(fired))
            {
                case ForgetNode forget:
                    Forget(forget.Node);
                    break;
                case SweepNow:
                    _replicator.Tell(GetKeyIds.Instance);
                    _timers.StartSingleTimer(SweepTimer, SweepNow.Instance, SweepInterval);
                    break;
            }
        });
        Receive<GetKeysIdsResult>(result => Sweep(result.Keys));
        Receive<Changed>(changed => Read(changed.Key, changed.Data));
        Receive<RecomputeNow>(_ =>
        {
            _recomputeQueued = false;
            Recompute();
        });
        // Before the update and delete responses: DataDeleted is both, and also what a subscriber
        // hears when a key it reads is deleted.
        Receive<DataDeleted>(deleted => ReplicationKeys.Deleted(deleted, ReplicationKeys.ConfigAndStatus(_cluster.SelfUniqueAddress), _log));
        Receive<IUpdateResponse>(response =>
        {
            if (response is IUpdateFailure)
            {
                _log.Debug("Configuration key {0} reached not every node in time; gossip will carry it", response.Key);
            }
        });
        Receive<IDeleteResponse>(response => ReplicationKeys.DeleteAnswered(response, _log));
    }

    public static Props Props(IActorRef configuration, IActorRef health, SharingSettings settings, TimeProvider time) =>
        ActorFactory.Props(() => new SharedConfigActor(configuration, health, settings, time));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        // Every shard is written once at start, empty ones too: a run's keys are then the fixed
        // set of ReplicationKeys.ConfigAndStatus from its start until they are deleted.
        WriteLocal();
        _timers.StartSingleTimer(SweepTimer, SweepNow.Instance, SweepInterval);
    }

    private TimeSpan SweepInterval => _settings.RemovedNodeGrace > MinimumSweep ? _settings.RemovedNodeGrace : MinimumSweep;

    protected override void PostStop()
    {
        _timers.Dispose();
        _cluster.Unsubscribe(Self);
    }

    private void LocalChanged(ProviderSnapshot snapshot)
    {
        _local[snapshot.Provider] = snapshot;
        _dirty.Add(snapshot.Provider);
        WriteLocal();
        Recompute();
    }

    private void WriteLocal()
    {
        _version++;
        var serialization = Context.System.Serialization;
        var shards = ConfigSharding.Split(_self, _version, _local.Values);
        var oversize = ImmutableArray.CreateBuilder<ConfigError>();
        foreach (var shard in shards)
        {
            // Compared without the version, which changes with every write of any shard.
            var bytes = serialization.FindSerializerFor(shard).ToBinary(shard with { Version = 0 });
            if (bytes.Length > _settings.MaxKeyBytes)
            {
                oversize.Add(new ConfigError(
                    "cluster",
                    $"config/{_self}/{shard.Shard}",
                    $"this shard of the node's configuration is {bytes.Length} bytes, over the {_settings.MaxKeyBytes}-byte limit of one replicated key; the other nodes keep its previous content"));
                continue;
            }

            if (_written[shard.Shard] is { } previous && previous.AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            _written[shard.Shard] = bytes;
            Write(ReplicationKeys.Config(_cluster.SelfUniqueAddress, shard.Shard), shard);
        }

        if (!oversize.ToImmutable().SequenceEqual(_oversize))
        {
            _oversize = oversize.ToImmutable();
            foreach (var error in _oversize)
            {
                _log.Error("Configuration error: {0}", error);
            }

            _dirty.UnionWith(_local.Keys);
        }

        WriteStatus();
    }

    private void WriteStatus()
    {
        var status = new NodeStatus(_self, _version, _time.GetUtcNow(), [.. _sources.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value)]);
        _statuses[_self] = status;
        Write(ReplicationKeys.Status(_cluster.SelfUniqueAddress), status);
        PublishView();
    }

    private void Write<T>(LWWRegisterKey<T> key, T value) =>
        _replicator.Tell(ReplicationKeys.Write(key, value, _cluster.SelfUniqueAddress, _settings.WriteTimeout));

    private void Joined(Member member)
    {
        var node = ClusterNode.Id(member.Address);
        var previous = _runs.RunOf(node);
        var join = _runs.Joined(member.UniqueAddress, member.Status);
        if (join == NodeJoin.Nothing)
        {
            return;
        }

        // Back within its grace (a quick restart): the node never stopped counting.
        _removed.Remove(node);
        _timers.Cancel(ForgetTimer(node));
        if (join == NodeJoin.Restarted && previous is not null)
        {
            // The new run replaces all its previous run wrote, even before its own writes arrive
            // (it writes every shard at start). The previous run's shards are kept aside, not
            // counting, for a shard the new run writes in a format this node refuses (Refuse). The
            // previous run is gone for good (one address has one run in a cluster), so its keys go
            // now: what is kept aside is this node's copy.
            _log.Info("Node {0} restarted: the configuration its previous run discovered no longer counts, except where the new run's is in a format this node does not read", node);
            if (_remote.Remove(node, out var shards))
            {
                MarkDirty(shards);
                _previousRuns[node] = shards;
            }

            _statuses.Remove(node);
            DropRefusals(node);
            Recompute();
            Drop(previous);
        }

        // The run's keys stay subscribed while it counts: until Forget. A new subscriber is told
        // the current value, so writes that arrived before the join are not lost.
        foreach (var key in ReplicationKeys.ConfigAndStatus(member.UniqueAddress))
        {
            _replicator.Tell(new Subscribe(key, Self));
        }

        PublishView();
    }

    private void Removed(Member member)
    {
        var node = ClusterNode.Id(member.Address);
        if (!_runs.Removed(member.UniqueAddress))
        {
            return;
        }

        _removed[node] = _time.GetUtcNow();
        _log.Info("Node {0} was removed from the cluster; the servers it discovered keep serving for {1} unless another node still declares them", node, _settings.RemovedNodeGrace);
        _timers.StartSingleTimer(ForgetTimer(node), new ForgetNode(node), _settings.RemovedNodeGrace);
        PublishView();
    }

    private void Forget(string node)
    {
        if (_runs.IsMember(node) || !_removed.Remove(node))
        {
            return;
        }

        _log.Info("Node {0} has been gone for {1}: dropping the configuration it discovered and deleting its keys", node, _settings.RemovedNodeGrace);
        var run = _runs.RunOf(node);
        _runs.Forget(node);
        _previousRuns.Remove(node);
        if (_remote.Remove(node, out var shards))
        {
            MarkDirty(shards);
        }

        _statuses.Remove(node);
        DropRefusals(node);
        if (run is not null)
        {
            Drop(run);
        }

        Recompute();
        PublishView();
    }

    /// <summary>
    /// Stops reading a run that is gone and deletes its configuration and status keys, when the run
    /// stops counting here. What was read from them keeps counting until this node's own grace for
    /// the run ends, even when another member, whose grace ended first, deleted them already.
    /// </summary>
    private void Drop(UniqueAddress run) =>
        ReplicationKeys.Drop(_replicator, Self, ReplicationKeys.ConfigAndStatus(run), _settings.WriteTimeout);

    /// <summary>
    /// Deletes the keys of runs that are gone but whose keys nobody deleted (<see cref="KeySweep"/>):
    /// those of a run no member that counted it stayed long enough to delete.
    /// </summary>
    private void Sweep(IEnumerable<string> keys)
    {
        var live = new HashSet<RunId> { RunId.Of(_cluster.SelfUniqueAddress) };
        live.UnionWith(_cluster.State.Members.Select(m => RunId.Of(m.UniqueAddress)));
        foreach (var node in _removed.Keys)
        {
            if (_runs.RunOf(node) is { } run)
            {
                live.Add(RunId.Of(run));
            }
        }

        var (delete, suspects) = KeySweep.Sweep(keys, live, _suspects);
        _suspects = suspects;
        if (delete.IsEmpty)
        {
            return;
        }

        _log.Info("Deleting {0} replicated keys of node runs that no member counts any more and nobody deleted: {1}", delete.Length, string.Join(", ", delete.Select(k => k.Id)));
        foreach (var key in delete)
        {
            _replicator.Tell(ReplicationKeys.Remove(key, _settings.WriteTimeout));
        }
    }

    private void Read(IKey key, object data)
    {
        switch (data)
        {
            case LWWRegister<ConfigShard> { Value.Refused: { } refused } register:
                Refuse(key.Id, register.UpdatedBy, refused);
                break;
            case LWWRegister<ConfigShard> { Value: { } shard } register when _runs.Counts(shard.Node, register.UpdatedBy):
                if (_refused.Remove(key.Id))
                {
                    _log.Info("Configuration key {0} of node {1} is in a format this node reads again: applying it", key.Id, shard.Node);
                    MarkAllDirty();
                    PublishView();
                }

                if (!_remote.TryGetValue(shard.Node, out var shards))
                {
                    shards = new ConfigShard?[ConfigSharding.ShardCount];
                    _remote[shard.Node] = shards;
                }

                MarkDirty([shards[shard.Shard], shard]);
                shards[shard.Shard] = shard;
                ForgetPreviousRun(shard.Node, shard.Shard);
                if (!_recomputeQueued)
                {
                    // Let the other shards of the same notification arrive first: one merge for all.
                    _recomputeQueued = true;
                    Self.Tell(RecomputeNow.Instance);
                }

                break;
            case LWWRegister<NodeStatus> { Value: { } status } register when _runs.Counts(status.Node, register.UpdatedBy):
                _statuses[status.Node] = status;
                PublishView();
                break;
        }
    }

    /// <summary>
    /// A node of another build (a rolling upgrade) wrote a shard in a format this node does not read:
    /// reading it could only misread it, so what this node had of that shard keeps serving, and the
    /// refusal is logged once, given to the configuration as an error of every provider (the API shows
    /// it) and shown in the cluster view until the node writes a format this node reads.
    /// </summary>
    private void Refuse(string key, UniqueAddress writer, RefusedConfig refused)
    {
        var node = ClusterNode.Id(writer.Address);
        if (!_runs.Counts(node, writer) || (_refused.TryGetValue(key, out var known) && known.Refused.Reason == refused.Reason))
        {
            return;
        }

        _refused[key] = (node, refused);
        var index = Enumerable.Range(0, ConfigSharding.ShardCount).First(shard => ReplicationKeys.Config(writer, shard).Id == key);
        if (_previousRuns.TryGetValue(node, out var previous) && previous[index] is { } kept)
        {
            // The new run of a node restarted on another build: its previous run's shard is what
            // this node had of that shard.
            if (!_remote.TryGetValue(node, out var shards))
            {
                shards = new ConfigShard?[ConfigSharding.ShardCount];
                _remote[node] = shards;
            }

            shards[index] ??= kept;
            ForgetPreviousRun(node, index);
        }

        _log.Warning(
            "Not applying configuration key {0}: node {1} wrote it in a format this node does not read ({2}). This node keeps serving what it had of that key until {1} writes a format it reads",
            key, node, refused.Reason);
        MarkAllDirty();
        Recompute();
        PublishView();
    }

    /// <summary>The previous run's shard is of no more use once the new run wrote that shard: it replaced it, or it now serves in the refused one's place.</summary>
    private void ForgetPreviousRun(string node, int shard)
    {
        if (_previousRuns.TryGetValue(node, out var previous))
        {
            previous[shard] = null;
            if (previous.All(s => s is null))
            {
                _previousRuns.Remove(node);
            }
        }
    }

    private IEnumerable<ConfigError> RefusalErrors() =>
        _refused.Select(r => new ConfigError(
            "cluster",
            r.Key,
            $"not applied: node {r.Value.Node} wrote it in a format this node does not read ({r.Value.Refused.Reason}); this node keeps serving what it had of it"));

    /// <summary>
    /// Forgets the refusals of a node's keys (its run restarted or is forgotten). Their errors were
    /// given to every provider, so every provider is recomputed when one goes, not only those of
    /// the node's shards.
    /// </summary>
    private void DropRefusals(string node)
    {
        var keys = _refused.Where(r => r.Value.Node == node).Select(r => r.Key).ToList();
        foreach (var key in keys)
        {
            _refused.Remove(key);
        }

        if (keys.Count > 0)
        {
            MarkAllDirty();
        }
    }

    private void MarkAllDirty()
    {
        _dirty.UnionWith(_local.Keys);
        MarkDirty(_remote.Values.SelectMany(shards => shards));
    }

    private void MarkDirty(IEnumerable<ConfigShard?> shards)
    {
        foreach (var shard in shards)
        {
            if (shard is not null)
            {
                _dirty.UnionWith(shard.Providers.Select(p => p.Provider));
            }
        }
    }

    private void Recompute()
    {
        if (_dirty.Count == 0)
        {
            return;
        }

        var byNode = new Dictionary<string, ImmutableArray<ProviderSnapshot>>(StringComparer.Ordinal)
        {
            [_self] = [.. _local.Values],
        };
        foreach (var (node, shards) in _remote)
        {
            byNode[node] = ConfigSharding.Join(shards.OfType<ConfigShard>());
        }

        var merged = ClusterConfigMerge.Merge(_self, byNode);
        foreach (var provider in _dirty.Order(StringComparer.Ordinal))
        {
            if (merged.TryGetValue(provider, out var result))
            {
                _sent.Add(provider);
                var errors = result.Errors.AddRange(_oversize).AddRange(RefusalErrors());
                var alone = byNode.Count(n => n.Key != _self && n.Value.Any(s => s.Provider == provider)) == 0;
                if (alone && _local.TryGetValue(provider, out var local) && local.ReadFailed)
                {
                    // Only this node has the provider and its source is unreadable: the configuration
                    // actor keeps the last good configuration and says so, as without a cluster.
                    _configuration.Tell(new ProviderConfigurationFailed(provider, errors));
                }
                else
                {
                    _configuration.Tell(new ProviderConfigurationChanged(provider, result.Config, errors));
                }
            }
            else if (_sent.Remove(provider))
            {
                _configuration.Tell(new ProviderConfigurationChanged(provider, DynamicConfig.Empty, []));
            }
        }

        _dirty.Clear();
        _owners = ClusterConfigMerge.Owners(byNode);
        _health.Tell(new ServerOwnersChanged(_owners));
        PublishView();
    }

    private void PublishView()
    {
        var nodes = _statuses
            .Where(s => s.Key == _self || _runs.IsMember(s.Key) || _removed.ContainsKey(s.Key))
            .ToImmutableSortedDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var refused = _refused.Values
            .GroupBy(r => r.Node, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(
                g => g.Key,
                g => $"{g.Count()} of its {ConfigSharding.ShardCount} configuration shards not applied: {string.Join("; ", g.Select(r => r.Refused.Reason).Distinct(StringComparer.Ordinal))}",
                StringComparer.Ordinal);
        ClusterViewCell.Get(Context.System).Publish(
            new ClusterView(nodes, _removed.ToImmutableSortedDictionary(StringComparer.Ordinal)) { Owners = _owners, Refused = refused });
    }

    private static string ForgetTimer(string node) => $"forget/{node}";

    private sealed record ForgetNode(string Node);

    private sealed class SweepNow
    {
        public static SweepNow Instance { get; } = new();
    }

    private sealed class RecomputeNow
    {
        public static RecomputeNow Instance { get; } = new();
    }
}
