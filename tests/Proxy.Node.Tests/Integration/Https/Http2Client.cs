using System.Net;
using System.Net.Security;
using Proxy.Node.Tests.Integration.Grpc;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// An HTTP/2-only client of a node's TLS routers: plain connections to the node speak HTTP/1.1 only. A request
/// made with <see cref="HttpClient"/>'s own methods is HTTP/2; an <see cref="HttpRequestMessage"/> built by hand must
/// say so itself (its Version is 1.1 unless set).
/// </summary>
internal static class Http2Client
{
    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> as <paramref name="host"/> (SNI and :authority), trusting only <paramref name="lab"/>'s CA.</summary>
    public static HttpClient Of(HttpsLab lab, int port, string host) =>
        new(GrpcClient.Handler(port, new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, lab.Ca),
        }))
        {
            BaseAddress = new Uri($"https://{host}:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
