using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
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
/// reachable member holds it, or <see cref="AcmeStateWriteFailed"/> naming why (docs/acme.md).
/// </summary>
public sealed class AcmeStateActor : ReceiveActor
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
    private readonly ILoggingAdapter _log = Context.GetLogger();
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
        Receive<UpdateSuccess>(success => Answered(success.Request, null));
        Receive<UpdateTimeout>(timeout => Answered(
            timeout.Request,
            $"key {timeout.Key} reached not every reachable member within {_settings.WriteTimeout.TotalSeconds:0.###} s; it is stored on node {_self} and gossip carries it to the others"));
        Receive<ModifyFailure>(failure => Answered(failure.Request, $"key {failure.Key}: {failure.ErrorMessage}"));
        Receive<IUpdateFailure>(failure => Answered(failure.Request, $"key {failure.Key}: {failure.GetType().Name}"));
        Receive<DataDeleted>(deleted => _log.Warning("ACME key {0} was deleted; ACME keys are never deleted by this build", deleted.Key));
    }

    public static Props Props(AcmeStateSettings settings, ImmutableArray<AcmeResolverStorage> resolvers, IAcmeStorage storage, TimeProvider time) =>
        ActorFactory.Props(() => new AcmeStateActor(settings, resolvers, storage, time));

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Subscribe(AcmeReplicationKeys.Index, Self));
        _replicator.Tell(Dsl.Subscribe(AcmeReplicationKeys.Challenges, Self));
        LoadFiles();
        PublishChallenges();
        PublishState();
        _timers.StartSingleTimer(SweepTimer, SweepChallenges.Instance, SweepInterval);
    }

    protected override void PostStop() => _timers.Dispose();

    private TimeSpan SweepInterval => _settings.ChallengeLifetime / 4 > TimeSpan.FromSeconds(1) ? _settings.ChallengeLifetime / 4 : TimeSpan.FromSeconds(1);

    private void Subscribe(SubscribeAcmeState subscribe)
    {
        if (_subscribers.Add(subscribe.Subscriber))
        {
            Context.Watch(subscribe.Subscriber);
        }

        subscribe.Subscriber.Tell(_state);
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
        var write = Begin(2);
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

        var write = Begin(2);
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
            _log.Info("Removing {0} ACME challenge answers published over {1} ago and never withdrawn: {2}", expired.Count, _settings.ChallengeLifetime, string.Join(", ", expired));
            var self = _cluster.SelfUniqueAddress;
            _replicator.Tell(Dsl.Update(
                AcmeReplicationKeys.Challenges, LWWDictionary<string, AcmeChallengeEntry>.Empty, Consistency(), null,
                challenges => expired.Aggregate(challenges, (c, id) => c.Remove(self, id))));
        }

        _timers.StartSingleTimer(SweepTimer, SweepChallenges.Instance, SweepInterval);
    }

    /// <summary>
    /// Every member this node can reach, itself included: a write succeeds once they all hold it. An
    /// unreachable member is not waited for (the CA may still reach it through DNS, and a validation
    /// that lands there fails and is retried by the resolver; gossip brings it the value once it is
    /// reachable again), so one dead node cannot fail every order.
    /// </summary>
    private IWriteConsistency Consistency()
    {
        var state = _cluster.State;
        var self = _cluster.SelfUniqueAddress;
        var reachable = state.Members.Count(m =>
            m.UniqueAddress != self
            && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting
            && !state.Unreachable.Contains(m));
        return reachable == 0 ? WriteLocal.Instance : new WriteTo(reachable + 1, _settings.WriteTimeout);
    }

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

    private long Begin(int updates)
    {
        var write = ++_nextWrite;
        _pending[write] = new PendingWrite(Sender, updates, null);
        return write;
    }

    private void Answered(object? request, string? failure)
    {
        if (request is not long write || !_pending.TryGetValue(write, out var pending))
        {
            if (failure is not null)
            {
                _log.Debug("ACME state write: {0}", failure);
            }

            return;
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
            _log.Warning("ACME state write not confirmed by every reachable member: {0}", pending.Failure);
            pending.ReplyTo.Tell(new AcmeStateWriteFailed(pending.Failure));
        }
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
                if (!_accounts.TryGetValue(entry.Account.Resolver, out var known) || known != entry.Account)
                {
                    _accounts[entry.Account.Resolver] = entry.Account;
                    StateChanged(entry.Account.Resolver);
                }

                break;
            case LWWRegister<AcmeCertificateEntry> { Value: { } entry }:
                // The register already keeps the newest; a value older than this node's own (a
                // notification crossing this node's write of its file) is not a step back.
                if (!_certificates.TryGetValue(key.Id, out var current)
                    || (!AcmeCertificateOrder.Same(current, entry.Certificate) && !AcmeCertificateOrder.Newer(current, entry.Certificate)))
                {
                    _certificates[key.Id] = entry.Certificate;
                    StateChanged(entry.Certificate.Resolver);
                }

                break;
        }
    }

    private static bool SameChallenges(ImmutableDictionary<string, AcmeChallengeEntry> a, ImmutableDictionary<string, AcmeChallengeEntry> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && other == entry.Value);

    private void StateChanged(string resolver)
    {
        PublishState();
        if (_resolvers.Any(r => r.Resolver == resolver))
        {
            // Another resolver's certificate (one this node does not configure) has no file here.
            SaveFiles();
        }
    }

    private void PublishChallenges() =>
        AcmeChallengeCell.Get(Context.System).Publish(AcmeHttpChallenges.Of(!_resolvers.IsEmpty || !_challenges.IsEmpty, _challenges.Values.Select(c => c.Answer)));

    private void PublishState()
    {
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
                _log.Error("ACME storage {0} of resolver(s) {1}: {2}", file.Key, string.Join(", ", resolvers.Select(r => r.Resolver)), read.Error);
            }

            if (read.Warning is not null)
            {
                _log.Warning("ACME storage {0} of resolver(s) {1}: {2}", file.Key, string.Join(", ", resolvers.Select(r => r.Resolver)), read.Warning);
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

            _log.Info(
                "ACME storage {0}: {1} account(s) and {2} certificate(s) read for resolver(s) {3}",
                file.Key, read.Content.Accounts.Length, read.Content.Certificates.Length, string.Join(", ", resolvers.Select(r => r.Resolver)));
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
                    _log.Error("ACME storage {0}: {1}; the certificates stay in the cluster's memory", file.Key, written.Error);
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

    private sealed record PendingWrite(IActorRef ReplyTo, int Remaining, string? Failure);

    private sealed class SweepChallenges
    {
        public static SweepChallenges Instance { get; } = new();
    }
}
