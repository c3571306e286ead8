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
/// then are dropped (docs/cluster.md, "When a node is removed"). A node restarted on the same
/// address counts with what its new run writes only.
/// </summary>
public sealed class SharedConfigActor : ReceiveActor, IWithTimers
{
    private readonly IActorRef _configuration;
    private readonly IActorRef _health;
    private readonly SharingSettings _settings;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _self;
    private readonly Dictionary<string, ProviderSnapshot> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<SourceStatus>> _sources = new(StringComparer.Ordinal);
    private readonly byte[]?[] _written = new byte[ConfigSharding.ShardCount][];
    private readonly Dictionary<string, ConfigShard?[]> _remote = new(StringComparer.Ordinal);
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

    public SharedConfigActor(IActorRef configuration, IActorRef health, SharingSettings settings)
    {
        _configuration = configuration;
        _health = health;
        _settings = settings;
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
        Receive<ForgetNode>(forget => Forget(forget.Node));
        Receive<Changed>(changed => Read(changed.Key, changed.Data));
        Receive<GetSuccess>(success => Read(success.Key, success.Data));
        Receive<NotFound>(_ => { });
        Receive<GetFailure>(failure => _log.Debug("Reading {0} failed; its next change will carry it", failure.Key));
        Receive<RecomputeNow>(_ =>
        {
            _recomputeQueued = false;
            Recompute();
        });
        Receive<IUpdateResponse>(response =>
        {
            if (response is IUpdateFailure)
            {
                _log.Debug("Configuration key {0} reached not every node in time; gossip will carry it", response.Key);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef configuration, IActorRef health, SharingSettings settings) =>
        ActorFactory.Props(() => new SharedConfigActor(configuration, health, settings));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        // Every shard is written once at start, empty ones too: a node restarted on the same
        // address must replace all it wrote in its previous run, not only what it writes again.
        WriteLocal();
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

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
            Write(ReplicationKeys.Config(_self, shard.Shard), shard);
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
        var status = new NodeStatus(_self, _version, DateTimeOffset.UtcNow, [.. _sources.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value)]);
        _statuses[_self] = status;
        Write(ReplicationKeys.Status(_self), status);
        PublishView();
    }

    private void Write<T>(LWWRegisterKey<T> key, T value) =>
        _replicator.Tell(ReplicationKeys.Write(key, value, _cluster.SelfUniqueAddress, _settings.WriteTimeout));

    private void Joined(Member member)
    {
        var node = ClusterNode.Id(member.Address);
        var join = _runs.Joined(member.UniqueAddress, member.Status);
        if (join == NodeJoin.Nothing)
        {
            return;
        }

        // Back within its grace (a quick restart): the node never stopped counting.
        _removed.Remove(node);
        Timers.Cancel(ForgetTimer(node));
        if (join == NodeJoin.Restarted)
        {
            // The new run replaces all its previous run wrote, even before its own writes arrive
            // (it writes every shard at start); those may have arrived already and been passed over.
            _log.Info("Node {0} restarted: the configuration its previous run discovered no longer counts", node);
            if (_remote.Remove(node, out var shards))
            {
                MarkDirty(shards);
            }

            _statuses.Remove(node);
            DropRefusals(node);
            Recompute();
            foreach (var key in Keys(node))
            {
                _replicator.Tell(new Get(key, ReadLocal.Instance));
            }
        }
        else
        {
            // Its keys stay subscribed while its run counts: until Forget.
            foreach (var key in Keys(node))
            {
                _replicator.Tell(new Subscribe(key, Self));
            }
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

        _removed[node] = DateTimeOffset.UtcNow;
        _log.Info("Node {0} was removed from the cluster; the servers it discovered keep serving for {1} unless another node still declares them", node, _settings.RemovedNodeGrace);
        Timers.StartSingleTimer(ForgetTimer(node), new ForgetNode(node), _settings.RemovedNodeGrace);
        PublishView();
    }

    private void Forget(string node)
    {
        if (_runs.IsMember(node) || !_removed.Remove(node))
        {
            return;
        }

        _log.Info("Node {0} has been gone for {1}: dropping the configuration it discovered", node, _settings.RemovedNodeGrace);
        _runs.Forget(node);
        if (_remote.Remove(node, out var shards))
        {
            MarkDirty(shards);
        }

        _statuses.Remove(node);
        DropRefusals(node);
        foreach (var key in Keys(node))
        {
            _replicator.Tell(new Unsubscribe(key, Self));
        }

        Recompute();
        PublishView();
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
        _log.Warning(
            "Not applying configuration key {0} written by node {1}: {2}. This node keeps serving what it had of that key until {1} writes a format it reads",
            key, node, refused.Reason);
        MarkAllDirty();
        Recompute();
        PublishView();
    }

    private IEnumerable<ConfigError> RefusalErrors() =>
        _refused.Select(r => new ConfigError(
            "cluster",
            r.Key,
            $"not applied: node {r.Value.Node} wrote it in {r.Value.Refused.Reason}; this node keeps serving what it had of it"));

    private void DropRefusals(string node)
    {
        foreach (var key in _refused.Where(r => r.Value.Node == node).Select(r => r.Key).ToList())
        {
            _refused.Remove(key);
        }
    }

    private void MarkAllDirty()
    {
        _dirty.UnionWith(_local.Keys);
        MarkDirty(_remote.Values.SelectMany(shards => shards));
    }

    private static IEnumerable<IKey> Keys(string node) =>
        Enumerable.Range(0, ConfigSharding.ShardCount).Select(shard => (IKey)ReplicationKeys.Config(node, shard)).Append(ReplicationKeys.Status(node));

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

    private sealed class RecomputeNow
    {
        public static RecomputeNow Instance { get; } = new();
    }
}
