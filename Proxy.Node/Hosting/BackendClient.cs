using System.Net;
using System.Text;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Hosting;

/// <summary>
/// A pool of connections to backends: one per server (and servers transport) for requests
/// (<see cref="BackendInvokers"/>, so that a drained server's can be closed), one per transport for the
/// health probes. Idle connections of the default transport are dropped before nginx's 75 s keepalive would close
/// them under our feet. Every pool opens its connections through <see cref="ServersTransportConnection"/>, the
/// default one too: left to SocketsHttpHandler, TLS to an https server would take its SNI and the name to check from
/// the request's Host header, so that a client's Host would decide whether the server's certificate is accepted, and
/// a refusal caused by the client would count against the server.
/// </summary>
internal static class BackendClient
{
    /// <summary>
    /// The servers of services that name no transport: Traefik's <c>default@internal</c>, with nothing set, so TLS is
    /// checked against the server URL's host and the node's trusted CAs. Its timeouts are the node's static ones,
    /// given to <see cref="Create(TimeSpan)"/>; its material holds no certificate, so nothing is left to dispose.
    /// </summary>
    private static readonly ServersTransportSpec DefaultTransport =
        new("default@internal", ServersTransportConfig.Empty, new ServersTransportMaterial(null, []));

    public static HttpMessageInvoker Create(TimeSpan connectTimeout) => Create(DefaultTransport, connectTimeout, TimeSpan.FromSeconds(60), reuses: true);

    /// <summary>
    /// A pool through <paramref name="transport"/>: its dial and idle timeouts, its TLS
    /// (<see cref="ServersTransportConnection"/>); null: the default, with <paramref name="connectTimeout"/>.
    /// </summary>
    public static HttpMessageInvoker Create(TimeSpan connectTimeout, ServersTransportSpec? transport)
    {
        if (transport is null)
        {
            return Create(connectTimeout);
        }

        return Create(transport, transport.DialTimeout, transport.IdleConnTimeout, transport.ReusesConnections);
    }

    /// <summary>
    /// One server's (or the probes') pools, through a <see cref="BackendHandler"/>: the client's Host, passed on, would
    /// otherwise open a pool of its own to an https server.
    /// </summary>
    private static HttpMessageInvoker Create(ServersTransportSpec transport, TimeSpan dialTimeout, TimeSpan idleTimeout, bool reuses) =>
        new(new BackendHandler(
            tls =>
            {
                var handler = Handler(idleTimeout);
                // .NET's pool has no cap on idle connections (Go's maxIdleConnsPerHost): each idles until idleConnTimeout.
                // A negative value is Go's "keep none": a connection then serves one request.
                if (!reuses)
                {
                    handler.PooledConnectionLifetime = TimeSpan.Zero;
                }

                return Through(transport, dialTimeout, tls, handler);
            },
            idleTimeout,
            TimeProvider.System));

    /// <summary>
    /// The dial timeout is applied by the connection itself, never by the handler's <c>ConnectTimeout</c> (left
    /// infinite): the handler's would be reported as a cancellation, which YARP takes for a request timeout, where the
    /// request was never sent and may go to another server.
    /// </summary>
    /// <param name="tls">Whether every connection speaks TLS, offering HTTP/1.1 only; otherwise only those of an https URI, offering what the request may use.</param>
    private static SocketsHttpHandler Through(ServersTransportSpec transport, TimeSpan dialTimeout, bool tls, SocketsHttpHandler handler)
    {
        handler.ConnectCallback = (context, cancellation) => ServersTransportConnection.ConnectAsync(
            transport,
            dialTimeout,
            tls ? ServersTransportConnection.Security.TlsHttp11
            : context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps ? ServersTransportConnection.Security.Tls
            : ServersTransportConnection.Security.None,
            context,
            cancellation);
        return handler;
    }

    private static SocketsHttpHandler Handler(TimeSpan idleTimeout) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        PooledConnectionIdleTimeout = idleTimeout,
        MaxConnectionsPerServer = int.MaxValue,
        // Kestrel reads header values as UTF-8; the same here sends a client's "café" on as it came,
        // where an ASCII-only send would fail with a 502 counted against the server.
        RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
    };
}
