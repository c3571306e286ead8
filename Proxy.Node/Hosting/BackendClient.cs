using System.Net;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary>
/// A pool of connections to backends: one per server for requests (<see cref="Forwarding.BackendInvokers"/>,
/// so that a drained server's can be closed), one for the health probes. Idle connections are dropped
/// before nginx's 75 s keepalive would close them under our feet.
/// </summary>
internal static class BackendClient
{
    public static HttpMessageInvoker Create(TimeSpan connectTimeout) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectTimeout = connectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        MaxConnectionsPerServer = int.MaxValue,
        // Kestrel reads header values as UTF-8; the same here sends a client's "café" on as it came,
        // where an ASCII-only send would fail with a 502 counted against the server.
        RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
    });
}
