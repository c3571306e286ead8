using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;

namespace Proxy.Actors.Certificates;

/// <summary>
/// The ACME state of the cluster on this node (one per node): accounts, certificates and challenge
/// answers in DistributedData (<see cref="AcmeReplicationKeys"/>), merged into one
/// <see cref="AcmeSharedState"/> for its subscribers, the HTTP-01 answers published to
/// <see cref="AcmeChallengeCell"/>, and the accounts and certificates of this node's resolvers kept
/// in their storage files. At start the files are read and merged in: a certificate's register is
/// ordered by its not-after (the newest wins, whoever wrote it), an account read from a file never
/// replaces one a resolver stored. A write is answered <see cref="AcmeStateWritten"/> once every
/// reachable member holds it, or <see cref="AcmeStateWriteFailed"/> naming why (docs/acme.md). A
/// successful write is in this node's state at once, not only after gossip tells it back. The first
/// state is published once this node is a member and, when it has peers, has read the cluster's
/// state from a majority: a node with an empty file must not look to the ordering actor as if the
/// cluster had no certificates.
/// </summary>
public sealed partial class AcmeStateActor : ReceiveActor
{
    private const string SweepTimer = "challenge-sweep";

    /// <summary>The register timestamp of an account read from a file: below any a resolver's store gets, so it never wins over one.</summary>
    private const long FileAccountTimestamp = 1;

    private readonly AcmeStateSettings _settings;
    private readonly ImmutableArray<AcmeResolverStorage> _resolvers;
    private readonly IAcmeStorage _storage;
    private readonly TimeProvider _time;
    private readonly ClockTimers _timers;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly ILogger _log = new ActorLogger(Context.GetLogger());
    private readonly string _self;

    private readonly Dictionary<string, AcmeStoredAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>By key id: the best known of each certificate, from the files and the cluster.</summary>
    private readonly Dictionary<string, AcmeStoredCertificate> _certificates = new(StringComparer.Ordinal);

    private readonly HashSet<string> _subscribedKeys = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly Dictionary<long, PendingWrite> _pending = [];

    /// <summary>Storage paths that could not be read: never written over (docs/acme.md, "Storage").</summary>
    private readonly Dictionary<string, string> _unwritable = new(StringComparer.Ordinal);

    /// <summary>What was wrong with each storage file when it was read: shown until the node restarts, as the operator has to act on it.</summary>
    private readonly SortedDictionary<string, string> _readErrors = new(StringComparer.Ordinal);

    /// <summary>The last write of each storage file that failed, until one succeeds.</summary>
    private readonly SortedDictionary<string, string> _writeErrors = new(StringComparer.Ordinal);

    /// <summary>Two of the replicator's notification intervals: by then every reachable node's actor has heard of a write.</summary>
    private readonly TimeSpan _notified;

    /// <summary>Keys asked of a majority at start whose answer has not come yet.</summary>
    private readonly HashSet<string> _startReads = new(StringComparer.Ordinal);

    /// <summary>False until the first state is published: subscribers wait for what the cluster holds.</summary>
    private bool _started;

    private ICancelable? _startLimit;

    private ImmutableDictionary<string, AcmeChallengeEntry> _challenges = ImmutableDictionary<string, AcmeChallengeEntry>.Empty;
    private AcmeSharedState _state = AcmeSharedState.Empty;
    private long _nextWrite;

    public AcmeStateActor(AcmeStateSettings settings, ImmutableArray<AcmeResolverStorage> resolvers, IAcmeStorage storage, TimeProvider time)
    {
        _settings = settings;
        _resolvers = resolvers.IsDefault ? [] : resolvers;
        _storage = storage;
        _time = time;
        _timers = new ClockTimers(time, Self);
        _self = ClusterNode.Id(_cluster.SelfAddress);
        _notified = Context.System.Settings.Config.GetTimeSpan("akka.cluster.distributed-data.notify-subscribers-interval", TimeSpan.FromMilliseconds(500)) * 2;

        Receive<SubscribeAcmeState>(Subscribe);
        Receive<StoreAcmeAccount>(store => StoreAccount(store.Account));
        Receive<StoreAcmeCertificate>(store => StoreCertificate(store.Certificate));
        Receive<PublishAcmeChallenge>(publish => Publish(publish.Answer));
        Receive<WithdrawAcmeChallenge>(withdraw => Withdraw(withdraw.Answer));
        Receive<Terminated>(terminated => _subscribers.Remove(terminated.ActorRef));
        Receive<Changed>(changed => Read(changed.Key, changed.Data));
        Receive<ClockTimerFired>(fired =>
        {
            if (_timers.Accept(fired) is SweepChallenges)
            {
                SweepExpired();
            }
        });
        Receive<MemberIsUp>(_ => ReadCluster());
        Receive<StartLimitReached>(_ =>
        {
            if (!_started)
            {
                Log.StartReadIncomplete(_log, _settings.StartReadLimit, _startReads.Count == 0 ? "this node to be a member" : string.Join(", ", _startReads));
                FirstPublish();
            }
        });
        Receive<GetSuccess>(success => StartRead(success.Key, success.Data));
        Receive<NotFound>(notFound => StartRead(notFound.Key, null));
        Receive<GetFailure>(failure => StartRead(failure.Key, null));
        Receive<DataDeleted>(deleted => Log.KeyDeleted(_log, deleted.Key.Id));
        Receive<UpdateSuccess>(success => Answered(success.Request, success.Key, null));
        Receive<UpdateTimeout>(timeout => Answered(
            timeout.Request,
            timeout.Key,
            $"key {timeout.Key} reached not every reachable member within {_settings.WriteTimeout.TotalSeconds:0.###} s; it is stored on node {_self} and gossip carries it to the others"));
        Receive<ModifyFailure>(failure => Answered(failure.Request, null, $"key {failure.Key}: {failure.ErrorMessage}"));
        Receive<IUpdateFailure>(failure => Answered(failure.Request, null, $"key {failure.Key}: {failure.GetType().Name}"));
    }

    public static Props Props(AcmeStateSettings settings, ImmutableArray<AcmeResolverStorage> resolvers, IAcmeStorage storage, TimeProvider time) =>
        ActorFactory.Props(() => new AcmeStateActor(settings, resolvers, storage, time));

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Subscribe(AcmeReplicationKeys.Index, Self));
        _replicator.Tell(Dsl.Subscribe(AcmeReplicationKeys.Challenges, Self));
        LoadFiles();
        PublishChallenges();
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(MemberIsUp.Instance));
        // Bounded: a node that cannot join or read still serves its own files' certificates.
        _startLimit = Context.System.Scheduler.ScheduleTellOnceCancelable(_settings.StartReadLimit, Self, StartLimitReached.Instance, Self);
        _timers.StartSingleTimer(SweepTimer, SweepChallenges.Instance, SweepInterval);
    }

    protected override void PostStop()
    {
        _startLimit?.Cancel();
        _timers.Dispose();
    }

    private TimeSpan SweepInterval => _settings.ChallengeLifetime / 4 > TimeSpan.FromSeconds(1) ? _settings.ChallengeLifetime / 4 : TimeSpan.FromSeconds(1);

    private void Subscribe(SubscribeAcmeState subscribe)
    {
        if (_subscribers.Add(subscribe.Subscriber))
        {
            Context.Watch(subscribe.Subscriber);
        }

        if (_started)
        {
            subscribe.Subscriber.Tell(_state);
        }
    }

    /// <summary>
    /// Alone, this node's files are all there is. With peers, the index and then each key are read
    /// from a majority before the first publish; gossip alone may not have brought them yet.
    /// </summary>
    private void ReadCluster()
    {
        if (_started)
        {
            return;
        }

        if (Consistency() is WriteLocal)
        {
            FirstPublish();
            return;
        }

        _startReads.Add(AcmeReplicationKeys.Index.Id);
        _replicator.Tell(Dsl.Get(AcmeReplicationKeys.Index, new ReadMajority(_settings.WriteTimeout)));
    }

    private void StartRead(IKey key, object? data)
    {
        if (_started || !_startReads.Remove(key.Id))
        {
            return;
        }

        if (data is not null)
        {
            Read(key, data);
        }

        if (data is GSet<string> index)
        {
            foreach (var id in index.Elements)
            {
                if (AcmeReplicationKeys.Parse(id) is { } typed && _startReads.Add(id))
                {
                    _replicator.Tell(new Get(typed, new ReadMajority(_settings.WriteTimeout)));
                }
            }
        }

        if (_startReads.Count == 0)
        {
            FirstPublish();
        }
    }

    private void FirstPublish()
    {
        _started = true;
        _startReads.Clear();
        _startLimit?.Cancel();
        PublishState();
    }

    private void StoreAccount(AcmeStoredAccount account)
    {
        var entry = new AcmeAccountEntry(account);
        if (Refuse(entry, $"account of resolver '{account.Resolver}'") is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var key = AcmeReplicationKeys.Account(account.Resolver);
        var self = _cluster.SelfUniqueAddress;
        var write = Begin(2, account);
        var consistency = Consistency();
        _replicator.Tell(Dsl.Update(AcmeReplicationKeys.Index, GSet<string>.Empty, consistency, write, index => index.Add(key.Id)));
        _replicator.Tell(Dsl.Update(key, new LWWRegister<AcmeAccountEntry>(self, entry), consistency, write, register => register.WithValue(self, entry)));
    }

    private void StoreCertificate(AcmeStoredCertificate certificate)
    {
        var entry = new AcmeCertificateEntry(certificate);
        if (Refuse(entry, $"certificate of resolver '{certificate.Resolver}' for {string.Join(", ", certificate.Domains)}") is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var write = Begin(2, certificate);
        WriteCertificate(certificate, Consistency(), write);
    }

    /// <summary>
    /// A certificate register's timestamp is the certificate's not-after: whoever writes, from a
    /// resolver or a file, the newest certificate for the names wins on every node.
    /// </summary>
    private void WriteCertificate(AcmeStoredCertificate certificate, IWriteConsistency consistency, long? write)
    {
        var key = AcmeReplicationKeys.Certificate(certificate.Resolver, certificate.Domains);
        var written = new LWWRegister<AcmeCertificateEntry>(_cluster.SelfUniqueAddress, new AcmeCertificateEntry(certificate), certificate.NotAfter.ToUnixTimeMilliseconds());
        _replicator.Tell(Dsl.Update(AcmeReplicationKeys.Index, GSet<string>.Empty, consistency, write, index => index.Add(key.Id)));
        _replicator.Tell(Dsl.Update(key, written, consistency, write, register => register.Merge(written)));
    }

    private void Publish(AcmeChallengeAnswer answer)
    {
        var entry = new AcmeChallengeEntry(answer, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var id = AcmeReplicationKeys.ChallengeId(answer);
        var size = ChallengesBytes(_challenges.SetItem(id, entry));
        if (size > _settings.MaxKeyBytes)
        {
            Sender.Tell(new AcmeStateWriteFailed(
                $"challenge for {answer.Domain} not published: the challenges key would hold about {size} bytes, over the {_settings.MaxKeyBytes}-byte limit of one replicated key"));
            return;
        }

        // Where an order stands, for the operator: once every reachable node answers this, the CA is asked to validate.
        Log.ChallengePublished(_log, answer.Type, answer.Domain, answer.Token);
        var self = _cluster.SelfUniqueAddress;
        _replicator.Tell(Dsl.Update(
            AcmeReplicationKeys.Challenges, LWWDictionary<string, AcmeChallengeEntry>.Empty, Consistency(), Begin(1),
            challenges => challenges.SetItem(self, id, entry)));
    }

    private void Withdraw(AcmeChallengeAnswer answer)
    {
        var id = AcmeReplicationKeys.ChallengeId(answer);
        var self = _cluster.SelfUniqueAddress;
        _replicator.Tell(Dsl.Update(
            AcmeReplicationKeys.Challenges, LWWDictionary<string, AcmeChallengeEntry>.Empty, Consistency(), Begin(1),
            challenges => challenges.Remove(self, id)));
    }

    /// <summary>Removes answers nobody withdrew: their publisher died mid-order. Any node may; removing twice is harmless.</summary>
    private void SweepExpired()
    {
        var oldest = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_settings.ChallengeLifetime.TotalMilliseconds;
        var expired = _challenges.Where(c => c.Value.PublishedAtUnixMs < oldest).Select(c => c.Key).ToList();
        if (expired.Count > 0)
        {
            Log.ChallengesExpired(_log, expired.Count, _settings.ChallengeLifetime, string.Join(", ", expired));
            var self = _cluster.SelfUniqueAddress;
            _replicator.Tell(Dsl.Update(
                AcmeReplicationKeys.Challenges, LWWDictionary<string, AcmeChallengeEntry>.Empty, Consistency(), null,
                challenges => expired.Aggregate(challenges, (c, id) => c.Remove(self, id))));
        }

        _timers.StartSingleTimer(SweepTimer, SweepChallenges.Instance, SweepInterval);
    }

    /// <summary>Every member this node can reach, itself included (<see cref="AcmeWriteConsistency"/>).</summary>
    private IWriteConsistency Consistency() => AcmeWriteConsistency.Reachable(_cluster, _settings.WriteTimeout);

    private AcmeStateWriteFailed? Refuse(Proxy.Actors.Cluster.IClusterMessage entry, string what)
    {
        var bytes = Context.System.Serialization.FindSerializerFor(entry).ToBinary(entry).Length;
        return bytes > _settings.MaxKeyBytes
            ? new AcmeStateWriteFailed($"{what} not stored: it is {bytes} bytes, over the {_settings.MaxKeyBytes}-byte limit of one replicated key")
            : null;
    }

    private int ChallengesBytes(ImmutableDictionary<string, AcmeChallengeEntry> challenges)
    {
        var serialization = Context.System.Serialization;

        // The dictionary's own bookkeeping (dots, version vectors) is a few dozen bytes per entry.
        return challenges.Sum(c => serialization.FindSerializerFor(c.Value).ToBinary(c.Value).Length + c.Key.Length + 64);
    }

    private long Begin(int updates, object? value = null)
    {
        var write = ++_nextWrite;
        _pending[write] = new PendingWrite(Sender, updates, null, value);
        return write;
    }

    /// <summary>
    /// A reply of the replicator. <paramref name="stored"/> is the key when this node's replica holds
    /// the value (success, or a timeout, which still stores it here): an account or certificate is then
    /// this node's state at once, so a state published before gossip tells it back (another
    /// resolver's challenge) does not lack it and make the ordering actor order it again.
    /// </summary>
    private void Answered(object? request, IKey? stored, string? failure)
    {
        if (request is not long write || !_pending.TryGetValue(write, out var pending))
        {
            if (failure is not null)
            {
                Log.WriteUnconfirmed(_log, failure);
            }

            return;
        }

        if (stored is not null && stored.Id != AcmeReplicationKeys.Index.Id)
        {
            Apply(stored, pending.Value);
        }

        pending = pending with { Remaining = pending.Remaining - 1, Failure = pending.Failure ?? failure };
        if (pending.Remaining > 0)
        {
            _pending[write] = pending;
            return;
        }

        _pending.Remove(write);
        if (pending.Failure is null)
        {
            // The replicas hold it now; each node's actor hears of it at its replicator's next
            // notification. Answered after two of those, so that "written" means every reachable
            // node answers with it, not merely holds it (a CA validating at once would get a 404).
            Context.System.Scheduler.ScheduleTellOnce(_notified, pending.ReplyTo, new AcmeStateWritten(), Self);
        }
        else
        {
            Log.WriteNotConfirmed(_log, pending.Failure);
            pending.ReplyTo.Tell(new AcmeStateWriteFailed(pending.Failure));
        }
    }

    private void Apply(IKey key, object? value)
    {
        switch (value)
        {
            case AcmeStoredAccount account when ApplyAccount(account):
                StateChanged(account.Resolver);
                break;
            case AcmeStoredCertificate certificate when ApplyCertificate(key.Id, certificate):
                StateChanged(certificate.Resolver);
                break;
        }
    }

    private bool ApplyAccount(AcmeStoredAccount account)
    {
        if (_accounts.TryGetValue(account.Resolver, out var known) && known == account)
        {
            return false;
        }

        _accounts[account.Resolver] = account;
        return true;
    }

    /// <summary>The register keeps the newest; a value older than this node's own (a notification crossing this node's write) is not a step back.</summary>
    private bool ApplyCertificate(string id, AcmeStoredCertificate certificate)
    {
        if (_certificates.TryGetValue(id, out var current)
            && (AcmeCertificateOrder.Same(current, certificate) || AcmeCertificateOrder.Newer(current, certificate)))
        {
            return false;
        }

        _certificates[id] = certificate;
        return true;
    }

    private void Read(IKey key, object data)
    {
        switch (data)
        {
            case GSet<string> index:
                foreach (var id in index.Elements)
                {
                    if (_subscribedKeys.Add(id) && AcmeReplicationKeys.Parse(id) is { } typed)
                    {
                        _replicator.Tell(new Subscribe(typed, Self));
                    }
                }

                break;
            case LWWDictionary<string, AcmeChallengeEntry> challenges:
                var entries = challenges.Entries.ToImmutableDictionary(StringComparer.Ordinal);
                if (!SameChallenges(entries, _challenges))
                {
                    _challenges = entries;
                    PublishChallenges();
                    PublishState();
                }

                break;
            case LWWRegister<AcmeAccountEntry> { Value: { } entry }:
                if (ApplyAccount(entry.Account))
                {
                    StateChanged(entry.Account.Resolver);
                }

                break;
            case LWWRegister<AcmeCertificateEntry> { Value: { } entry }:
                if (ApplyCertificate(key.Id, entry.Certificate))
                {
                    StateChanged(entry.Certificate.Resolver);
                }

                break;
        }
    }

    private static bool SameChallenges(ImmutableDictionary<string, AcmeChallengeEntry> a, ImmutableDictionary<string, AcmeChallengeEntry> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && other == entry.Value);

    private void StateChanged(string resolver)
    {
        // Saved first: once a certificate serves, it is in this node's file, and a crash right after
        // serving it cannot lose it.
        if (_resolvers.Any(r => r.Resolver == resolver))
        {
            // Another resolver's certificate (one this node does not configure) has no file here.
            SaveFiles();
        }

        PublishState();
    }

    private void PublishChallenges() =>
        AcmeChallengeCell.Get(Context.System).Publish(AcmeHttpChallenges.Of(!_resolvers.IsEmpty || !_challenges.IsEmpty, _challenges.Values.Select(c => c.Answer)));

    private void PublishState()
    {
        if (!_started)
        {
            return;
        }

        _state = new AcmeSharedState(
            _accounts.ToImmutableDictionary(StringComparer.Ordinal),
            [.. _certificates.Values.OrderBy(c => c.Resolver, StringComparer.Ordinal).ThenBy(c => c.Domains.FirstOrDefault(), StringComparer.OrdinalIgnoreCase)],
            [.. _challenges.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value.Answer)]);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(_state);
        }
    }

    /// <summary>
    /// Reads every storage file and merges what it holds into this node's view and the cluster's:
    /// the cluster keeps the newest certificate per resolver and names, whichever node's file had it.
    /// </summary>
    private void LoadFiles()
    {
        foreach (var file in _resolvers.GroupBy(r => r.Path, StringComparer.Ordinal))
        {
            var resolvers = file.ToList();
            AcmeStorageRead read;
            try
            {
                read = _storage.Read(file.Key, resolvers);
            }
            catch (Exception e)
            {
                read = new AcmeStorageRead(AcmeStorageContent.Empty, $"cannot be read: {e.Message}", false);
            }

            if (read.Error is not null)
            {
                _readErrors[file.Key] = read.Error;
                Log.StorageReadError(_log, file.Key, string.Join(", ", resolvers.Select(r => r.Resolver)), read.Error);
            }

            if (read.Warning is not null)
            {
                Log.StorageReadWarning(_log, file.Key, string.Join(", ", resolvers.Select(r => r.Resolver)), read.Warning);
            }

            if (!read.Writable)
            {
                _unwritable[file.Key] = read.Error ?? "unreadable";
            }

            var self = _cluster.SelfUniqueAddress;
            foreach (var account in read.Content.Accounts)
            {
                _accounts.TryAdd(account.Resolver, account);
                var key = AcmeReplicationKeys.Account(account.Resolver);
                var loaded = new LWWRegister<AcmeAccountEntry>(self, new AcmeAccountEntry(account), FileAccountTimestamp);
                _replicator.Tell(Dsl.Update(AcmeReplicationKeys.Index, GSet<string>.Empty, WriteLocal.Instance, null, index => index.Add(key.Id)));
                _replicator.Tell(Dsl.Update(key, loaded, WriteLocal.Instance, null, register => register.Merge(loaded)));
            }

            foreach (var certificate in read.Content.Certificates)
            {
                var id = AcmeReplicationKeys.Certificate(certificate.Resolver, certificate.Domains).Id;
                if (!_certificates.TryGetValue(id, out var known) || AcmeCertificateOrder.Newer(certificate, known))
                {
                    _certificates[id] = certificate;
                }

                WriteCertificate(certificate, WriteLocal.Instance, null);
            }

            Log.StorageRead(_log, file.Key, read.Content.Accounts.Length, read.Content.Certificates.Length, string.Join(", ", resolvers.Select(r => r.Resolver)));
        }

        PublishStorageErrors();
    }

    /// <summary>Writes each storage file with what this node knows of its resolvers; the storage leaves an unchanged file alone.</summary>
    private void SaveFiles()
    {
        var changed = false;
        foreach (var file in _resolvers.GroupBy(r => r.Path, StringComparer.Ordinal))
        {
            if (_unwritable.ContainsKey(file.Key))
            {
                continue;
            }

            var names = file.Select(r => r.Resolver).ToHashSet(StringComparer.Ordinal);
            var content = new AcmeStorageContent(
                [.. _accounts.Values.Where(a => names.Contains(a.Resolver)).OrderBy(a => a.Resolver, StringComparer.Ordinal)],
                [.. _certificates.Values.Where(c => names.Contains(c.Resolver)).OrderBy(c => c.Resolver, StringComparer.Ordinal).ThenBy(c => c.Domains.FirstOrDefault(), StringComparer.OrdinalIgnoreCase)]);
            AcmeStorageWrite written;
            try
            {
                written = _storage.Write(file.Key, [.. file], content);
            }
            catch (Exception e)
            {
                written = new AcmeStorageWrite(false, $"cannot be written: {e.Message}");
            }

            if (written.Error is not null)
            {
                if (!_writeErrors.TryGetValue(file.Key, out var previous) || previous != written.Error)
                {
                    Log.StorageWriteError(_log, file.Key, written.Error);
                    _writeErrors[file.Key] = written.Error;
                    changed = true;
                }
            }
            else if (_writeErrors.Remove(file.Key))
            {
                changed = true;
            }
        }

        if (changed)
        {
            PublishStorageErrors();
        }
    }

    private void PublishStorageErrors() =>
        AcmeStorageErrorsCell.Get(Context.System).Publish(
            [.. _readErrors.Concat(_writeErrors).Select(e => new ConfigError("acme", $"storage {e.Key}", e.Value))]);

    /// <summary><paramref name="Value"/>: the account or certificate written, applied here once stored.</summary>
    private sealed record PendingWrite(IActorRef ReplyTo, int Remaining, string? Failure, object? Value);

    private sealed class SweepChallenges
    {
        public static SweepChallenges Instance { get; } = new();
    }

    private sealed class MemberIsUp
    {
        public static MemberIsUp Instance { get; } = new();
    }

    private sealed class StartLimitReached
    {
        public static StartLimitReached Instance { get; } = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "ACME storage {Path} of resolver(s) {Resolvers}: {Error}")]
        public static partial void StorageReadError(ILogger logger, string path, string resolvers, string error);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "ACME storage {Path} of resolver(s) {Resolvers}: {Warning}")]
        public static partial void StorageReadWarning(ILogger logger, string path, string resolvers, string warning);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "ACME storage {Path}: {Accounts} account(s) and {Certificates} certificate(s) read for resolver(s) {Resolvers}")]
        public static partial void StorageRead(ILogger logger, string path, int accounts, int certificates, string resolvers);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "ACME storage {Path}: {Error}; the certificates stay in the cluster's memory")]
        public static partial void StorageWriteError(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "ACME state write not confirmed by every reachable member: {Failure}")]
        public static partial void WriteNotConfirmed(ILogger logger, string failure);

        [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "ACME state write: {Failure}")]
        public static partial void WriteUnconfirmed(ILogger logger, string failure);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Removing {Count} ACME challenge answers published over {Lifetime} ago and never withdrawn: {Ids}")]
        public static partial void ChallengesExpired(ILogger logger, int count, TimeSpan lifetime, string ids);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "ACME key {Key} was deleted; ACME keys are never deleted by this build")]
        public static partial void KeyDeleted(ILogger logger, string key);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "ACME state: the cluster's state was not read within {Limit} (still waiting for {Waiting}); publishing what this node holds, gossip brings the rest")]
        public static partial void StartReadIncomplete(ILogger logger, TimeSpan limit, string waiting);

        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "ACME {Type} challenge answer for {Domain} (token {Token}) published to the cluster")]
        public static partial void ChallengePublished(ILogger logger, string type, string domain, string token);
    }
}
