using System.Net;
using System.Text;

namespace Proxy.Node.Hosting;

/// <summary>
/// The pooled connections to backends, shared by every request (YARP's advice: one invoker for
/// the process). Idle connections are dropped before nginx's 75 s keepalive would close them
/// under our feet.
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
        // Kestrel reads header values as UTF-8; without the same here a client's "café" made the
        // send fail with a 502 that counted against the server. Now the bytes go on as they came.
        RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
    });
}
