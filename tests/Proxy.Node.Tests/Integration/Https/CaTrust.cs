using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Proxy.Node.Tests.Integration.Https;

/// <summary>
/// Trust in one test CA and nothing else, on either side of a TLS connection: a client checking the server's
/// certificate, and a Kestrel test server (<see cref="TlsBackend"/>, the HTTPS auth server) requiring a client
/// certificate. The machine's own roots never count, so a test passes only with the lab's chain.
/// </summary>
internal static class CaTrust
{
    public static bool Chains(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    /// <summary>Makes <paramref name="https"/> require a client certificate that chains to <paramref name="clientCa"/>; null asks for none.</summary>
    public static void RequireClientCertificate(HttpsConnectionAdapterOptions https, X509Certificate2? clientCa)
    {
        if (clientCa is null)
        {
            return;
        }

        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (presented, _, _) => Chains(presented, clientCa);
    }
}
