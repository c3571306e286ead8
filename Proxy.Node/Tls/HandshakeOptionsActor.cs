using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// Owns the handshake options table: rebuilds it from each <see cref="TlsConfigurationChanged"/> (reading
/// client CA files here, off the handshake path) and publishes it to the cell handshakes read.
/// </summary>
internal sealed class HandshakeOptionsActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HandshakeOptionsCell _cell;
    private readonly ICertificateFileReader _files;
    private HashSet<string> _logged = [];

    public HandshakeOptionsActor(HandshakeOptionsCell cell, ICertificateFileReader files)
    {
        _cell = cell;
        _files = files;
        Receive<TlsConfigurationChanged>(Changed);
    }

    public static Props Props(HandshakeOptionsCell cell, ICertificateFileReader files) =>
        Proxy.Actors.ActorFactory.Props(() => new HandshakeOptionsActor(cell, files));

    private void Changed(TlsConfigurationChanged changed)
    {
        var table = HandshakeOptionsTable.Build(changed, _files);
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
}
