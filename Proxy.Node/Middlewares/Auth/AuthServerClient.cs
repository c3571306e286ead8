using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Tls;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// A connection pool forwardAuth middlewares ask their auth servers through: one per node for those without
/// <c>tls</c>, one per distinct client TLS material (<see cref="AuthServerClients"/>), never per request. It takes no proxy from the environment (an auth question must not
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

    /// <param name="tls">The CAs, client certificate and verification switch for https addresses; null: the node's trusted CAs, no client certificate.</param>
    public AuthServerClient(ClientTlsMaterial? tls = null)
    {
        Tls = tls;
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
        if (tls is not null)
        {
            Handler.SslOptions = SslOptions(tls);
        }

        Invoker = new HttpMessageInvoker(Handler, disposeHandler: false);
    }

    public ClientTlsMaterial? Tls { get; }

    public SocketsHttpHandler Handler { get; }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        Handler.Dispose();
        Tls?.Dispose();
    }

    /// <summary>
    /// Traefik's ClientTLS as .NET says it: a given CA replaces the system's trust (the host name is still checked),
    /// insecureSkipVerify accepts any certificate, the client certificate goes with its chain to a server that asks.
    /// </summary>
    private static SslClientAuthenticationOptions SslOptions(ClientTlsMaterial tls)
    {
        var options = new SslClientAuthenticationOptions();
        if (tls.InsecureSkipVerify)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (tls.Authorities is { } authorities)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            options.CertificateChainPolicy = policy;
        }

        if (tls.Certificate is { } certificate)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(certificate, tls.Intermediates, offline: true);
        }

        return options;
    }
}
