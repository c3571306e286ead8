using System.Net;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary>
/// The pooled connections to backends, shared by every request (YARP's advice: one invoker for
/// the process). Idle connections are dropped before nginx's 75 s keepalive would close them
/// under our feet. Request header values go out in UTF-8, the encoding Kestrel read them in: the
/// handler's default (ASCII only) failed a client's non-ASCII header as the server's failure (502).
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
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    });
}
