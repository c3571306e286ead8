using System.Collections.Immutable;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;

namespace Proxy.Actors.Tls;

/// <summary>
/// Owns the node's certificates: builds the <see cref="CertificateSnapshot"/> from the checked TLS
/// configuration (<see cref="TlsConfigurationChanged"/> on the event stream), the certificates and
/// TLS-ALPN-01 answers the cluster's ACME state holds, and the contents of every certificate file in
/// use, which it reads again on a timer; publishes each new snapshot into the <see cref="CertificateCell"/>
/// that handshakes read. A handshake takes the snapshot once, so a connection keeps the certificate
/// it was opened with and the next handshake gets the new one. Each error is logged once, when it
/// first appears.
/// </summary>
public sealed partial class CertificateStoreActor : ReceiveActor
{
    /// <summary>How often the files are read again: a renewed certificate serves within this.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// While some certificate cannot serve, how often it is loaded again although no file changed: a
    /// certificate not valid yet becomes valid with time alone.
    /// </summary>
    public static readonly TimeSpan ErrorRetryInterval = TimeSpan.FromMinutes(1);

    private const string PollTimer = "poll";

    private readonly CertificateCell _cell;
    private readonly GeneratedDefaultCertificate _generated;
    private readonly ICertificateFileReader _files;
    private readonly TimeProvider _time;
    private readonly IActorRef? _acmeState;
    private readonly ILogger _logger;
    private readonly TimeSpan _pollInterval;
    private readonly ClockTimers _timers;

    private ValidatedTls _tls = ValidatedTls.Empty;
    private ImmutableArray<AcmeStoredCertificate> _acme = [];
    private ImmutableDictionary<AcmeChallengeAnswer, LoadedCertificate> _answers = ImmutableDictionary<AcmeChallengeAnswer, LoadedCertificate>.Empty;
    private ImmutableDictionary<string, string> _versions = ImmutableDictionary<string, string>.Empty;
    private ImmutableHashSet<ConfigError> _errors = [];
    private DateTimeOffset _nextExpiry = DateTimeOffset.MaxValue;
    private DateTimeOffset _lastBuild = DateTimeOffset.MinValue;

    public CertificateStoreActor(
        CertificateCell cell,
        GeneratedDefaultCertificate generated,
        ICertificateFileReader files,
        TimeProvider time,
        IActorRef? acmeState,
        ILogger? logger,
        TimeSpan pollInterval)
    {
        _cell = cell;
        _generated = generated;
        _files = files;
        _time = time;
        _acmeState = acmeState;
        _logger = logger ?? new ActorLogger(Akka.Event.Logging.GetLogger(Context));
        _pollInterval = pollInterval;
        _timers = new ClockTimers(time, Self);
        Receive<TlsConfigurationChanged>(Configured);
        Receive<AcmeSharedState>(AcmeChanged);
        Receive<FollowAcmeState>(follow => follow.State.Tell(new SubscribeAcmeState(Self)));
        Receive<ClockTimerFired>(fired =>
        {
            if (_timers.Accept(fired) is PollFiles)
            {
                Poll();
                _timers.StartSingleTimer(PollTimer, PollFiles.Instance, _pollInterval);
            }
        });
    }

    /// <param name="acmeState">The replicated ACME state actor; null where no resolver exists (and in tests).</param>
    /// <param name="logger">Null: the actor's own log, as every actor's.</param>
    public static Props Props(
        CertificateCell cell,
        GeneratedDefaultCertificate generated,
        ICertificateFileReader files,
        TimeProvider time,
        IActorRef? acmeState,
        ILogger? logger = null,
        TimeSpan? pollInterval = null) =>
        ActorFactory.Props(() => new CertificateStoreActor(cell, generated, files, time, acmeState, logger, pollInterval ?? DefaultPollInterval));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TlsConfigurationChanged));
        _acmeState?.Tell(new SubscribeAcmeState(Self));
        Rebuild();
        _timers.StartSingleTimer(PollTimer, PollFiles.Instance, _pollInterval);
    }

    protected override void PostStop()
    {
        _timers.Dispose();
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void Configured(TlsConfigurationChanged changed)
    {
        // Published after every configuration, most of which change routers only: reading and parsing
        // every file again is for a change of what is declared.
        if (SameCertificates(changed.Tls, _tls))
        {
            _tls = changed.Tls;
            return;
        }

        _tls = changed.Tls;
        Rebuild();
    }

    private void AcmeChanged(AcmeSharedState state)
    {
        var answers = ImmutableDictionary.CreateBuilder<AcmeChallengeAnswer, LoadedCertificate>();
        foreach (var answer in state.Challenges.Where(c => c.Type == AcmeChallenge.TlsAlpn01))
        {
            // Made once per answer, not per rebuild: the CA may connect at any moment and must see one certificate.
            answers[answer] = _answers.TryGetValue(answer, out var made) ? made : AlpnCertificate(answer);
        }

        _answers = answers.ToImmutable();
        _acme = state.Certificates;
        Rebuild();
    }

    private LoadedCertificate AlpnCertificate(AcmeChallengeAnswer answer)
    {
        var name = CertificateNames.Normalize(answer.Domain);
        return new LoadedCertificate(
            TlsAlpnChallengeCertificate.Create(name, answer.KeyAuthorization, _time), [], [name], AcmeCertificateLoader.Source, $"tls-alpn-01 challenge for {name}");
    }

    private void Poll()
    {
        var versions = CertificateFileVersions.Read(CertificateStore.FilesOf(_tls), _files);
        var changed = versions.Where(v => !_versions.TryGetValue(v.Key, out var was) || was != v.Value).Select(v => v.Key).ToList();
        if (changed.Count > 0)
        {
            Log.FilesChanged(_logger, string.Join(", ", changed));
            Rebuild(versions);
        }
        else if (_time.GetUtcNow() > _nextExpiry || (!_errors.IsEmpty && _time.GetUtcNow() - _lastBuild >= ErrorRetryInterval))
        {
            // Validity changes with no file changed: a certificate expired stops serving and shows its
            // error, one whose notBefore passed starts serving.
            Rebuild(versions);
        }
    }

    private void Rebuild() => Rebuild(CertificateFileVersions.Read(CertificateStore.FilesOf(_tls), _files));

    /// <param name="versions">Read before the files are loaded: a file replaced while they load differs at the next poll and is loaded again.</param>
    private void Rebuild(ImmutableDictionary<string, string> versions)
    {
        var alpn = ImmutableDictionary.CreateBuilder<string, LoadedCertificate>(StringComparer.OrdinalIgnoreCase);
        foreach (var answer in _answers.Values)
        {
            // Two answers for one name (an order started again): either is stale, and the CA asks for one.
            alpn[answer.Names[0]] = answer;
        }

        var snapshot = CertificateStore.Build(_tls, _acme, _files, _time, _generated) with { AlpnChallenges = alpn.ToImmutable() };
        _versions = versions;
        _lastBuild = _time.GetUtcNow();
        _nextExpiry = snapshot.Certificates.Select(c => c.NotAfter).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        _cell.Publish(snapshot);

        var errors = snapshot.Errors.ToImmutableHashSet();
        foreach (var error in snapshot.Errors.Where(e => !_errors.Contains(e)))
        {
            Log.CertificateError(_logger, error.Source, error.Path, error.Message);
        }

        foreach (var gone in _errors.Where(e => !errors.Contains(e)))
        {
            Log.CertificateErrorGone(_logger, gone.Source, gone.Path);
        }

        _errors = errors;
        Log.Published(_logger, snapshot.Certificates.Length, snapshot.Errors.Length, snapshot.AlpnChallenges.Count);
    }

    private static bool SameCertificates(ValidatedTls a, ValidatedTls b) =>
        Key(a.DefaultCertificate) == Key(b.DefaultCertificate)
        && a.Certificates.Select(Key).SequenceEqual(b.Certificates.Select(Key));

    private static (string, string, string, string)? Key(SourcedCertificate? c) =>
        c is null ? null : (c.Source, c.Path, c.CertFile, c.KeyFile);

    private sealed record PollFiles
    {
        public static PollFiles Instance { get; } = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "TLS certificate {Source}: {Path}: {Error}")]
        public static partial void CertificateError(ILogger logger, string source, string path, string error);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "TLS certificate {Source}: {Path} serves again")]
        public static partial void CertificateErrorGone(ILogger logger, string source, string path);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Certificate files changed: {Paths}")]
        public static partial void FilesChanged(ILogger logger, string paths);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Certificate store published: {Certificates} certificates, {Errors} errors, {Challenges} TLS-ALPN-01 answers")]
        public static partial void Published(ILogger logger, int certificates, int errors, int challenges);
    }
}
