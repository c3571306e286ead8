namespace Proxy.Node.Tls;

/// <summary>Where <see cref="HandshakeOptionsActor"/> publishes the options table and handshakes read it, lock-free.</summary>
internal sealed class HandshakeOptionsCell
{
    private volatile HandshakeOptionsTable _current = HandshakeOptionsTable.Empty;

    public HandshakeOptionsTable Current => _current;

    public void Publish(HandshakeOptionsTable table) => _current = table;
}
