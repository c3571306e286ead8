using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// One TCP connection driven byte by byte, for what HttpClient will not send: malformed requests,
/// bodies shorter than declared, a client that resets mid-transfer or stops reading.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <param name="receiveBuffer">A small one makes a client that stops reading felt by the sender sooner.</param>
    public static async Task<RawClient> ConnectAsync(int port, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
        return new RawClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes).ConfigureAwait(false);

    /// <summary>Reads up to the end of the response head and returns its status, or null if the connection closed first.</summary>
    public async Task<int?> ReadStatusAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var head = new StringBuilder();
        var buffer = new byte[1];
        try
        {
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await _stream.ReadAsync(buffer, cancel.Token).ConfigureAwait(false) == 0)
                {
                    return null;
                }

                head.Append((char)buffer[0]);
            }
        }
        catch (IOException)
        {
            return null;
        }

        var statusLine = head.ToString().Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads and discards <paramref name="count"/> bytes (or until the connection ends); throws past <paramref name="timeout"/>.</summary>
    public async Task ReadAsync(int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var buffer = new byte[16 * 1024];
        for (var read = 0; read < count;)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, count - read)), cancel.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            read += n;
        }
    }

    /// <summary>Closes with a TCP reset, as a client that crashed or was killed.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Closes its sending side only: the end of the request, as far as the server can tell.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
