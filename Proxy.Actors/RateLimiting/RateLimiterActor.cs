using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// A node's part of the cluster-wide limits (one per node, at /user/<see cref="ClusterLimiter.ActorName"/>).
/// It follows the membership and publishes the members that may own keys (Up and reachable) to the node's
/// <see cref="ClusterLimiter"/>; and it owns the keys that rendezvous hashing gives this node: their
/// token buckets at the cluster rate, from which it grants leases shared by the nodes' demand
/// (<see cref="OwnedBucket"/>), and their in-flight slots by node.
/// An owner never waits for a downing: a member that becomes unreachable loses its keys to the others
/// at once, and gets its slots reclaimed.
/// </summary>
public sealed partial class RateLimiterActor : ReceiveActor, IWithTimers
{
    private readonly ClusterLimiter _limiter;
    private readonly ClusterLimiterSettings _settings;
    private readonly TimeProvider _time;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILogger _log = new ActorLogger(Context.GetLogger());
    private readonly Dictionary<string, OwnedBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OwnedSlots> _slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _up = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private bool _warnedFull;

    public RateLimiterActor(ClusterLimiter limiter, TimeProvider time)
    {
        _limiter = limiter;
        _settings = limiter.Settings;
        _time = time;
        Receive<LeaseRequest>(Lease);
        Receive<SlotRequest>(Slot);
        Receive<SlotRelease>(release =>
        {
            if (_slots.TryGetValue(release.Key, out var slots))
            {
                slots.Release(release.Node, release.Count, _time.GetTimestamp());
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up))
            {
                _up.Add(member.Address.ToString());
            }

            foreach (var member in state.Unreachable)
            {
                _unreachable.Add(member.Address.ToString());
            }

            Publish();
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            _up.Add(up.Member.Address.ToString());
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.Status is MemberStatus.Up)
            {
                return;
            }

            // Leaving, exiting, down or removed: its keys go to the others, its slots are free again.
            Gone(e.Member.Address.ToString());
        });
        Receive<ClusterEvent.UnreachableMember>(e => Gone(e.Member.Address.ToString(), unreachable: true));
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            _unreachable.Remove(e.Member.Address.ToString());
            Publish();
        });
        Receive<Sweep>(_ => SweepIdle());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterLimiter limiter, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new RateLimiterActor(limiter, time));

    /// <summary>The keys this node owns now, for tests and the docs' figures.</summary>
    public sealed record OwnedKeysQuery
    {
        public static OwnedKeysQuery Instance { get; } = new();
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, _settings.SweepInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Lease(LeaseRequest request)
    {
        var now = _time.GetTimestamp();
        var spec = new RateSpec(request.TokensPerSecond, Math.Max(1, request.Burst));
        if (!_buckets.TryGetValue(request.Key, out var bucket))
        {
            if (!HasRoom())
            {
                Sender.Tell(new LeaseGrant(0, TimeSpan.Zero, Untracked: true));
                return;
            }

            // A key that comes from another owner starts empty: that owner's bucket, drained or not, is out of
            // reach, and a full one here would admit the whole burst again on top of the second's rate.
            bucket = new OwnedBucket(spec, now, _time, _settings.LeaseLifetime, startEmpty: request.Moved);
            _buckets[request.Key] = bucket;
        }
        else if (bucket.Spec != spec)
        {
            // A changed limit keeps what is left (clamped to the new burst): during a reload, nodes on the
            // old and the new config alternate, and a new full bucket each time would refill it.
            bucket.Respec(spec, now);
        }
        else if (request.Moved && now - bucket.LastUsed > _limiter.Ticks(_settings.LeaseLifetime))
        {
            // Back from another owner before the sweep dropped it: it filled up here while that owner kept the key.
            bucket.Restart(now);
        }

        // A node of an earlier build says no demand: the tokens it wants over the lease window imply it.
        var demand = request.Demand > 0 ? request.Demand : request.Wanted / _settings.LeaseWindow.TotalSeconds;
        var granted = bucket.Grant(request.Node, Math.Max(1, request.Wanted), demand, now, out var retryIn);
        Sender.Tell(new LeaseGrant(granted, retryIn, Untracked: false));
    }

    private void Slot(SlotRequest request)
    {
        var now = _time.GetTimestamp();
        if (!_slots.TryGetValue(request.Key, out var slots))
        {
            if (!HasRoom())
            {
                Sender.Tell(new SlotGrant(false, Untracked: true));
                return;
            }

            slots = new OwnedSlots(now);
            _slots[request.Key] = slots;
        }

        Sender.Tell(new SlotGrant(slots.TryGrant(request.Node, request.Amount, now), Untracked: false));
    }

    private bool HasRoom()
    {
        if (_buckets.Count + _slots.Count < _settings.MaxOwnedKeys)
        {
            return true;
        }

        // No sweep here: a full owner gets this message for every new key, and a sweep walks every key.
        // The periodic Sweep makes room.
        if (!_warnedFull)
        {
            _warnedFull = true;
            LogFull(_log, _settings.MaxOwnedKeys);
        }

        return false;
    }

    private void Gone(string address, bool unreachable = false)
    {
        if (unreachable)
        {
            _unreachable.Add(address);
        }
        else
        {
            _up.Remove(address);
            _unreachable.Remove(address);
        }

        var now = _time.GetTimestamp();
        foreach (var slots in _slots.Values)
        {
            slots.Reclaim(address, now);
        }

        Publish();
    }

    private void Publish()
    {
        var members = new LimiterMembers([.. _up.Where(a => !_unreachable.Contains(a)).Order(StringComparer.Ordinal)]);
        if (!members.Addresses.SequenceEqual(_limiter.Members.Addresses))
        {
            _limiter.Publish(members);
            LogMembers(_log, members.Count, string.Join(", ", members.Addresses));
        }
    }

    // A bucket idle long enough to be full again is the same as a new one; a slot table with nothing granted holds nothing.
    private void SweepIdle()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, bucket) in _buckets.ToList())
        {
            if (now - bucket.LastUsed > _limiter.Ticks(bucket.Spec.RefillTime + _settings.LeaseLifetime))
            {
                _buckets.Remove(key);
            }
        }

        foreach (var (key, slots) in _slots.ToList())
        {
            if (slots.Total == 0)
            {
                _slots.Remove(key);
            }
        }

        if (_buckets.Count + _slots.Count < _settings.MaxOwnedKeys)
        {
            _warnedFull = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster rate limits: this node owns {Max} keys, its most; a new key is untracked and its nodes apply their onOwnerLost fallback")]
    private static partial void LogFull(ILogger logger, int max);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster rate limits: {Count} members own keys: {Members}")]
    private static partial void LogMembers(ILogger logger, int count, string members);

    private sealed record Sweep
    {
        public static Sweep Instance { get; } = new();
    }
}
