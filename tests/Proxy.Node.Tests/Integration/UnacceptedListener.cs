using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A TCP listener on 127.0.0.1 that never accepts and whose accept queue is full: Linux then drops every further SYN
/// (the listen queue overflows), so a connect to it hangs while the client retransmits, as a connect to a host gone
/// silent does. Loopback otherwise answers or refuses at once, and no dial timeout could be seen. The connections that
/// fill the queue are the test's own, closed with it.
/// </summary>
internal sealed class UnacceptedListener : IDisposable
{
    // Long enough for a loopback handshake on a loaded machine; a connect still pending then has had its SYN dropped.
    private static readonly TimeSpan HandshakePatience = TimeSpan.FromMilliseconds(500);

    private readonly Socket _listener;
    private readonly List<Socket> _queued = [];

    private UnacceptedListener(Socket listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<UnacceptedListener> StartAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0); // an accept queue of one connection on Linux
        var self = new UnacceptedListener(listener);
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var patience = new CancellationTokenSource(HandshakePatience);
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, self.Port, patience.Token);
                    self._queued.Add(client);
                }
                catch (OperationCanceledException)
                {
                    client.Dispose();
                    return self; // the queue is full: this connect hung
                }
            }
        }
        catch
        {
            self.Dispose();
            throw;
        }

        self.Dispose();
        throw new InvalidOperationException("connects to a listener whose accept queue is full still complete: SYNs are not dropped on this machine");
    }

    public void Dispose()
    {
        foreach (var socket in _queued)
        {
            socket.Dispose();
        }

        _listener.Dispose();
    }
}
