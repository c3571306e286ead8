using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Tls;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// The node's certificate with its key and the CAs it trusts, read from the
/// <see cref="ClusterTlsSettings"/> files; or why they cannot be used.
/// </summary>
internal sealed record ClusterTlsMaterial(X509Certificate2 Certificate, X509Certificate2Collection TrustedCas)
{
    public static ClusterTlsMaterial Load(ClusterTlsSettings settings, DateTimeOffset now) =>
        TryLoad(settings, now, out var material, out var error) ? material! : throw new InvalidOperationException(error);

    /// <summary>Reads and checks the files: the key matches the certificate, and the certificate is one the cluster's own CAs accept now.</summary>
    public static bool TryLoad(ClusterTlsSettings settings, DateTimeOffset now, out ClusterTlsMaterial? material, out string? error)
    {
        material = null;
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPem(CertificateFileReader.Read(settings.CaFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"cannot read the cluster's CA file {settings.CaFile}: {e.Message}";
            return false;
        }

        if (cas.Count == 0)
        {
            error = $"the cluster's CA file {settings.CaFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
            return false;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(CertificateFileReader.Read(settings.CertFile), CertificateFileReader.Read(settings.KeyFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"cannot read the node's certificate {settings.CertFile} with its key {settings.KeyFile}: {e.Message}";
            return false;
        }

        // A node whose own certificate its peers would refuse must not start as if all were well.
        if (ClusterPeerCertificatePolicy.Refusal(certificate, cas, now) is { } refusal)
        {
            certificate.Dispose();
            error = $"the node's certificate {settings.CertFile} would be refused by peers trusting {settings.CaFile}: {refusal}";
            return false;
        }

        material = new ClusterTlsMaterial(certificate, cas);
        error = null;
        return true;
    }
}
