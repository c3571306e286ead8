using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// An HTTP handler for a CA whose own TLS certificate chains to a private root (Traefik's
/// <c>caCertificates</c>): the given certificates are the only trust anchors, the name is still checked.
/// </summary>
public static class AcmeCaTrust
{
    public static SocketsHttpHandler CreateHandler(X509Certificate2Collection roots) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // A name mismatch or a missing certificate is never excused; only the anchor differs.
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is X509Certificate2 presented
                    ? chain.Build(presented)
                    : chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        },
    };
}
