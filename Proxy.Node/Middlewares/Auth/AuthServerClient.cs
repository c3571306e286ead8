using System.Net;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// The one connection pool every forwardAuth middleware of a node asks its auth servers through: made once per
/// node, not per request or per middleware. It takes no proxy from the environment (an auth question must not
/// leave through HTTP_PROXY), follows no redirect (a redirect is the auth server's answer to the client), keeps no
/// cookies between clients and bounds the response headers it reads.
/// </summary>
internal sealed class AuthServerClient : IDisposable
{
    /// <summary>The whole question, connect to last byte of the answer: Traefik's forwardAuth client timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The body of an answer is read whole to pass on to the client: more than this is refused (500).</summary>
    public const int MaxResponseBodyBytes = 1024 * 1024;

    /// <summary>Response headers of an answer, in KiB (SocketsHttpHandler's unit).</summary>
    public const int MaxResponseHeadersKib = 64;

    public AuthServerClient()
    {
        Handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxResponseHeadersLength = MaxResponseHeadersKib,
            MaxResponseDrainSize = 64 * 1024,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        };
        Invoker = new HttpMessageInvoker(Handler, disposeHandler: false);
    }

    public SocketsHttpHandler Handler { get; }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        Handler.Dispose();
    }
}
