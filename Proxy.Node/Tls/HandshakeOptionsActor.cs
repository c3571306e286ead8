using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// Owns the handshake options table: rebuilds it from each <see cref="TlsConfigurationChanged"/> and when a
/// client CA file's content changes (reading the files here, off the handshake path), and publishes it to
/// the cell handshakes read.
/// </summary>
internal sealed class HandshakeOptionsActor : ReceiveActor, IWithTimers
{
    /// <summary>As the certificate store polls certificate files: a rotated client CA serves within this time.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    private const string PollTimer = "poll-ca-files";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HandshakeOptionsCell _cell;
    private readonly ICertificateFileReader _files;
    private readonly TimeSpan _pollInterval;
    private TlsConfigurationChanged? _changed;
    private ImmutableDictionary<string, string> _versions = ImmutableDictionary<string, string>.Empty;
    private HashSet<string> _logged = [];

    public HandshakeOptionsActor(HandshakeOptionsCell cell, ICertificateFileReader files, TimeSpan pollInterval)
    {
        _cell = cell;
        _files = files;
        _pollInterval = pollInterval;
        Receive<TlsConfigurationChanged>(changed =>
        {
            _changed = changed;
            Rebuild();
        });
        Receive<PollCaFiles>(_ => Poll());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HandshakeOptionsCell cell, ICertificateFileReader files, TimeSpan? pollInterval = null) =>
        Proxy.Actors.ActorFactory.Props(() => new HandshakeOptionsActor(cell, files, pollInterval ?? DefaultPollInterval));

    protected override void PreStart() => Timers.StartPeriodicTimer(PollTimer, PollCaFiles.Instance, _pollInterval);

    /// <summary>
    /// By content, as the certificate store: catches a file written in place, renamed over, or a symbolic link
    /// swapped (Kubernetes secrets) alike.
    /// </summary>
    private void Poll()
    {
        if (_changed is null)
        {
            return;
        }

        var now = CertificateFileVersions.Read(_versions.Keys, _files);
        if (now.Any(pair => _versions[pair.Key] != pair.Value))
        {
            Rebuild();
        }
    }

    private void Rebuild()
    {
        // Versions before the table: a file replaced between the two reads differs at the next poll.
        _versions = CertificateFileVersions.Read(CaFiles(_changed!), _files);
        var table = HandshakeOptionsTable.Build(_changed!, _files);
        _cell.Publish(table);
        // Each problem once while it lasts: a reload that changes something else must not repeat it.
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conflict in table.Conflicts)
        {
            current.Add(conflict);
            if (!_logged.Contains(conflict)) _log.Warning("TLS options: {0}", conflict);
        }

        foreach (var problem in table.Problems)
        {
            current.Add(problem);
            if (!_logged.Contains(problem)) _log.Error("TLS options: {0}; handshakes using these options are refused", problem);
        }

        _logged = current;
    }

    private static IEnumerable<string> CaFiles(TlsConfigurationChanged changed) =>
        changed.Tls.Options.Values.SelectMany(options => TlsHandshakeSettings.From(options).ClientCaFiles).Distinct(StringComparer.Ordinal);

    private sealed record PollCaFiles
    {
        public static PollCaFiles Instance { get; } = new();
    }
}
