using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Decides which certificates the resolvers must order, orders them, renews them and backs off after
/// failures. Run as a cluster singleton, so exactly one node orders at a time and another takes over
/// when that node is lost; on each node it only talks to that node's replicated ACME state actor.
/// Nothing is ordered before the state has been read, so a cluster restarted with its certificates in
/// storage orders nothing. One order at a time per resolver; the HTTP work runs off the actor thread
/// and comes back as an <see cref="AcmeOrderOutcome"/>.
/// </summary>
public sealed class AcmeOrderingActor : ReceiveActor
{
    private const string WakeTimer = "wake";

    /// <summary>
    /// The longest a wake-up is set ahead: a renewal is months away, further than a timer can be set
    /// (about 49 days), so the actor looks again daily, which also bounds the effect of a clock jump.
    /// </summary>
    private static readonly TimeSpan MaxWake = TimeSpan.FromDays(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ImmutableSortedDictionary<string, AcmeResolverSettings> _resolvers;
    private readonly IActorRef _state;
    private readonly Func<AcmeResolverSettings, HttpClient> _httpFor;
    private readonly IActorRef _problems;
    private readonly string _node;
    private readonly AcmeOrderSettings _limits;
    private readonly TimeProvider _time;
    private readonly ClockTimers _timers;
    private readonly Dictionary<string, HttpClient> _http = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (AcmeDemand Demand, CancellationTokenSource Cancel)> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failure> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _succeededAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lifetimeWarned = new(StringComparer.Ordinal);
    private AcmeSharedState? _shared;
    private TlsConfigurationChanged? _configuration;
    private ImmutableArray<AcmeDemand> _demands = [];
    private ImmutableArray<AcmeRouterProblem> _configurationProblems = [];

    public AcmeOrderingActor(
        ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers,
        IActorRef state,
        Func<AcmeResolverSettings, HttpClient> httpFor,
        IActorRef problems,
        string node,
        AcmeOrderSettings limits,
        TimeProvider time)
    {
        _resolvers = resolvers;
        _state = state;
        _httpFor = httpFor;
        _problems = problems;
        _node = node;
        _limits = limits;
        _time = time;
        _timers = new ClockTimers(time, Self);

        Receive<AcmeSharedState>(shared =>
        {
            _shared = shared;
            Reconsider();
        });
        Receive<TlsConfigurationChanged>(Configure);
        Receive<AcmeOrderOutcome>(Finished);
        Receive<ClockTimerFired>(fired =>
        {
            if (_timers.Accept(fired) is not null)
            {
                Reconsider();
            }
        });
    }

    public static Props Props(
        ImmutableSortedDictionary<string, AcmeResolverSettings> resolvers,
        IActorRef state,
        Func<AcmeResolverSettings, HttpClient> httpFor,
        IActorRef problems,
        string node,
        AcmeOrderSettings limits,
        TimeProvider time) =>
        ActorFactory.Props(() => new AcmeOrderingActor(resolvers, state, httpFor, problems, node, limits, time));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TlsConfigurationChanged));
        // Subscribed first: a change published in between arrives again, which is harmless.
        if (TlsConfigurationCell.Get(Context.System).Current is { } current)
        {
            Self.Tell(current);
        }

        _state.Tell(new SubscribeAcmeState(Self));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        foreach (var (_, cancel) in _inFlight.Values)
        {
            cancel.Cancel();
        }

        _timers.Dispose();
        foreach (var http in _http.Values)
        {
            http.Dispose();
        }

        // The replicated problems stay until the next singleton's first list replaces them: a clear
        // written now could land after that list and erase it.
    }

    private void Configure(TlsConfigurationChanged configuration)
    {
        _configuration = configuration;
        // Logged by every node's AcmeConfigurationCheckActor; kept in this status too (the cell shows each message once).
        var (demands, problems) = AcmeDemandPolicy.Demands(configuration, _resolvers);

        _demands = demands;
        _configurationProblems = problems;
        // A demand that left keeps its failure until its retry time: a crash-looping container's router
        // leaves and returns, and forgetting would order on every return, past the back-off and into the
        // CA's limit of failed validations (Let's Encrypt: 5 per host an hour). Kept, the count goes on too.
        var wanted = demands.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        foreach (var (gone, _) in _failures.Where(f => !wanted.Contains(f.Key) && f.Value.RetryAt <= now).ToList())
        {
            _failures.Remove(gone);
        }

        foreach (var (old, _) in _succeededAt.Where(s => s.Value + _limits.MinimumReorderGap <= now).ToList())
        {
            _succeededAt.Remove(old);
        }

        Reconsider();
    }

    /// <summary>Starts every order that is due and sets the timer for the next renewal or retry.</summary>
    private void Reconsider()
    {
        PublishStatus();
        if (_shared is null || _configuration is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var demand in _demands)
        {
            var settings = _resolvers[demand.Resolver];
            if (AcmeDemandPolicy.Covering(demand, _shared, settings.CertificatesDuration, now) is { } covering)
            {
                // Obtained meanwhile (by this actor's earlier incarnation on another node, say).
                _failures.Remove(demand.Key);
                WarnOfLifetime(covering, settings);
                next = Earliest(next, AcmeDemandPolicy.RenewalDue(covering, settings.CertificatesDuration));
                continue;
            }

            // Whatever the dates say (a clock jump, a CA issuing certificates already due), a demand just
            // obtained is not ordered again before the gap: a loop would end only at the CA's rate limit.
            if (_succeededAt.TryGetValue(demand.Key, out var succeededAt) && succeededAt + _limits.MinimumReorderGap > now)
            {
                next = Earliest(next, succeededAt + _limits.MinimumReorderGap);
                continue;
            }

            if (_failures.TryGetValue(demand.Key, out var failure) && failure.RetryAt > now)
            {
                next = Earliest(next, failure.RetryAt);
                continue;
            }

            if (!_inFlight.ContainsKey(demand.Resolver))
            {
                Start(demand, settings);
            }
        }

        PublishStatus();
        if (next is { } wake)
        {
            var delay = wake - now;
            _timers.StartSingleTimer(WakeTimer, Wake.Instance, delay > MaxWake ? MaxWake : delay);
        }
        else
        {
            _timers.Cancel(WakeTimer);
        }
    }

    private void Start(AcmeDemand demand, AcmeResolverSettings settings)
    {
        var renewing = AcmeDemandPolicy.Stored(demand, _shared!) is { } old
            ? $"renewing (the stored certificate ends {old.NotAfter:u})"
            : "ordering";
        _log.Info("Certificate resolver {0}: {1} a certificate for {2} with {3}", demand.Resolver, renewing, string.Join(", ", demand.Domains), settings.ChallengeType);
        if (!_http.TryGetValue(demand.Resolver, out var http))
        {
            http = _httpFor(settings);
            _http[demand.Resolver] = http;
        }

        var cancel = new CancellationTokenSource();
        _inFlight[demand.Resolver] = (demand, cancel);
        var writer = new AcmeStateWriter(_state, _limits.StateWriteTimeout);
        AcmeOrderRun.RunAsync(demand, settings, _shared!.Accounts.GetValueOrDefault(demand.Resolver), http, writer, _node, _limits, _time, cancel.Token)
            .PipeTo(Self);
    }

    private void Finished(AcmeOrderOutcome outcome)
    {
        var demand = outcome.Demand;
        if (_inFlight.Remove(demand.Resolver, out var running))
        {
            running.Cancel.Dispose();
        }

        var shared = _shared!;
        var account = outcome switch
        {
            AcmeOrderSucceeded succeededWith => succeededWith.Account,
            AcmeOrderFailed failedWith => failedWith.Account,
            _ => null,
        };
        if (account is not null)
        {
            shared = shared with { Accounts = shared.Accounts.SetItem(account.Resolver, account) };
        }

        switch (outcome)
        {
            case AcmeOrderSucceeded succeeded:
                var certificate = succeeded.Certificate;
                _log.Info("Certificate resolver {0}: obtained a certificate for {1}, valid until {2:u}", demand.Resolver, string.Join(", ", certificate.Domains), certificate.NotAfter);
                _failures.Remove(demand.Key);
                _succeededAt[demand.Key] = _time.GetUtcNow();
                WarnOfLifetime(certificate, _resolvers[demand.Resolver]);
                // The state actor tells the change too; until it does, this keeps the demand from being ordered twice.
                shared = shared with
                {
                    Certificates = shared.Certificates
                        .RemoveAll(c => c.Resolver == certificate.Resolver && c.Domains.SequenceEqual(certificate.Domains, StringComparer.OrdinalIgnoreCase))
                        .Add(certificate),
                };
                break;
            case AcmeOrderFailed failed:
                var count = (_failures.TryGetValue(demand.Key, out var previous) ? previous.Count : 0) + 1;
                var backoff = AcmeOrderRun.FailedBeforeIssuance(failed.Problem) ? _limits.StateBackoff : _limits.Backoff;
                var wait = backoff.After(count, failed.Problem.RetryAfter);
                var retryAt = _time.GetUtcNow() + wait;
                _failures[demand.Key] = new Failure(count, retryAt, failed.Problem);
                _log.Error("Certificate resolver {0}: could not obtain a certificate for {1} (failure {2} in a row; next attempt in {3}): {4}",
                    demand.Resolver, string.Join(", ", demand.Domains), count, wait, failed.Problem);
                break;
        }

        _shared = shared;
        Reconsider();
    }

    private void PublishStatus()
    {
        var problems = _configurationProblems.ToList();
        foreach (var demand in _demands)
        {
            if (_failures.TryGetValue(demand.Key, out var failure))
            {
                foreach (var router in demand.Routers)
                {
                    problems.Add(new AcmeRouterProblem(router,
                        $"certificate resolver {demand.Resolver} could not obtain a certificate for {string.Join(", ", demand.Domains)} "
                        + $"({failure.Count} failure{(failure.Count == 1 ? "" : "s")} in a row, next attempt at {failure.RetryAt:u}): {failure.Problem}; "
                        + "the router serves the default certificate"));
                }
            }
        }

        // Replicated by this node's AcmeRouterProblemsActor: every node's API shows them.
        _problems.Tell(new PublishAcmeRouterProblems([.. problems]));
    }

    /// <summary>Once per resolver: a certificatesDuration far from what the CA issues is a setting to correct.</summary>
    private void WarnOfLifetime(AcmeStoredCertificate certificate, AcmeResolverSettings settings)
    {
        var notBefore = AcmeDemandPolicy.NotBefore(certificate, settings.CertificatesDuration);
        if (AcmeRenewal.LifetimeDiffers(notBefore, certificate.NotAfter, settings.CertificatesDuration) && _lifetimeWarned.Add(settings.Name))
        {
            _log.Warning("Certificate resolver {0}: the CA issued a certificate for {1} valid {2} (from {3:u} to {4:u}), "
                + "while certificatesDuration is {5}; it is renewed when a third of its own lifetime is left, but set certificatesDuration to what the CA issues",
                settings.Name, string.Join(", ", certificate.Domains), certificate.NotAfter - notBefore, notBefore, certificate.NotAfter, settings.CertificatesDuration);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } known && known <= candidate ? known : candidate;

    private sealed record Failure(int Count, DateTimeOffset RetryAt, AcmeProblem Problem);

    private sealed record Wake
    {
        public static Wake Instance { get; } = new();
    }
}
