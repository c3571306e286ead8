using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace Proxy.Discovery.Docker;

/// <summary>
/// The certificates of a <see cref="DockerTlsSettings"/>, read and checked; the node's start-up checks and the
/// watcher read them through this one place, so a file the node accepted at start is one the watcher can use.
/// </summary>
public sealed record DockerTlsMaterial(X509Certificate2? ClientCertificate, X509Certificate2Collection? TrustedCas, bool InsecureSkipVerify)
{
    /// <summary>Reads the files; <paramref name="error"/> names the file and what is wrong with it.</summary>
    public static bool TryLoad(DockerTlsSettings settings, out DockerTlsMaterial? material, out string? error)
    {
        material = null;
        X509Certificate2Collection? cas = null;
        if (settings.CaFile is { } caFile)
        {
            cas = [];
            try
            {
                cas.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                error = $"cannot read the CA file {caFile}: {e.Message}";
                return false;
            }

            if (cas.Count == 0)
            {
                error = $"the CA file {caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
                return false;
            }
        }

        X509Certificate2? client = null;
        if (settings.CertFile is { } certFile && settings.KeyFile is { } keyFile)
        {
            try
            {
                client = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                // CreateFromPemFile says "the key does not match the certificate" among its reasons: name both files.
                error = $"cannot read the client certificate {certFile} with its key {keyFile}: {e.Message}";
                return false;
            }

            if (!client.HasPrivateKey)
            {
                client.Dispose();
                error = $"the key file {keyFile} holds no private key for the client certificate {certFile}";
                return false;
            }
        }

        material = new DockerTlsMaterial(client, cas, settings.InsecureSkipVerify);
        error = null;
        return true;
    }

    /// <summary>
    /// The client's TLS through Docker.DotNet.X509: the client certificate, and the daemon's certificate checked
    /// against the configured CAs (or the system's roots) with its name, as Go's client does for Traefik.
    /// </summary>
    /// <param name="refusals">Where a refusal's reason goes, for the watcher's error.</param>
    public IAuthProvider Credentials(DockerTlsRefusals refusals) =>
        // The node's checks refuse TLS without a client certificate: a daemon that does not ask for one lets anyone in.
        new CertificateCredentials(ClientCertificate ?? throw new InvalidOperationException("TLS to a Docker daemon needs a client certificate"))
        {
            ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (Refusal(certificate, errors) is { } refusal)
                {
                    refusals.Record(refusal);
                    return false;
                }

                return true;
            },
        };

    /// <summary>Why the daemon's certificate is refused, or null when it is accepted.</summary>
    public string? Refusal(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (InsecureSkipVerify)
        {
            return null;
        }

        if (certificate is null)
        {
            return "the daemon presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "the daemon's certificate does not name the endpoint's host (its subject alternative names must hold it)";
        }

        if (TrustedCas is null)
        {
            return errors == SslPolicyErrors.None ? null : $"the daemon's certificate is not trusted by the system's roots ({errors})";
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(TrustedCas);
        if (chain.Build(server))
        {
            return null;
        }

        var status = string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"the daemon's certificate ({server.Subject}, issued by {server.Issuer}) is not signed by the configured CA: {status}";
    }
}
