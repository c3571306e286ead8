using System.Net;
using System.Text;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// A pool of connections to backends: one per server (and servers transport) for requests
/// (<see cref="Forwarding.BackendInvokers"/>, so that a drained server's can be closed), one per transport for the
/// health probes. Idle connections of the default transport are dropped before nginx's 75 s keepalive would close
/// them under our feet.
/// </summary>
internal static class BackendClient
{
    public static HttpMessageInvoker Create(TimeSpan connectTimeout) => new(Handler(connectTimeout, TimeSpan.FromSeconds(60)));

    /// <summary>
    /// A pool through <paramref name="transport"/>: its dial and idle timeouts, its TLS
    /// (<see cref="Forwarding.ServersTransportConnection"/>); null: the default, with <paramref name="connectTimeout"/>.
    /// </summary>
    public static HttpMessageInvoker Create(TimeSpan connectTimeout, ServersTransportSpec? transport)
    {
        if (transport is null)
        {
            return Create(connectTimeout);
        }

        var handler = Handler(transport.DialTimeout, transport.IdleConnTimeout);
        // .NET's pool has no cap on idle connections (Go's maxIdleConnsPerHost): each idles until idleConnTimeout.
        // A negative value is Go's "keep none": a connection then serves one request.
        if (!transport.ReusesConnections)
        {
            handler.PooledConnectionLifetime = TimeSpan.Zero;
        }

        handler.ConnectCallback = (context, cancellation) => Forwarding.ServersTransportConnection.ConnectAsync(transport, context, cancellation);
        return new HttpMessageInvoker(handler);
    }

    private static SocketsHttpHandler Handler(TimeSpan connectTimeout, TimeSpan idleTimeout) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectTimeout = connectTimeout,
        PooledConnectionIdleTimeout = idleTimeout,
        MaxConnectionsPerServer = int.MaxValue,
        // Kestrel reads header values as UTF-8; the same here sends a client's "café" on as it came,
        // where an ASCII-only send would fail with a 502 counted against the server.
        RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
    };
}
