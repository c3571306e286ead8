using System.Security.Cryptography.X509Certificates;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// Whether a peer's certificate may join: it must chain to one of the cluster's CAs (the
/// <c>--cluster.tls.cafile</c>, never the machine's store) and be valid now. Returns the reason
/// for a refusal, or null. Revocation is not checked: the cluster CA publishes no CRL, and a
/// leaked node key is answered by rotating the CA (docs/cluster.md).
/// </summary>
internal static class ClusterPeerCertificatePolicy
{
    public static string? Refusal(X509Certificate2? certificate, X509Certificate2Collection trustedCas, DateTimeOffset now)
    {
        if (certificate is null)
        {
            return "the peer presented no certificate";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        // Nothing from the machine's stores or the network may help a stranger's chain along.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.Status switch
            {
                X509ChainStatusFlags.NotTimeValid => $"expired or not yet valid (valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})",
                X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "not signed by the cluster's CA",
                _ => s.Status.ToString(),
            })
            .Distinct();
        return $"certificate {certificate.Subject} (issuer {certificate.Issuer}): {string.Join("; ", problems)}";
    }
}
