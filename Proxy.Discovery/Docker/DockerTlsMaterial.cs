using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;
using Proxy.Actors.Tls;

namespace Proxy.Discovery.Docker;

/// <summary>
/// The certificates of a <see cref="DockerTlsSettings"/>, read and checked; the node's start-up checks and the
/// watcher read them through this one place, so a file the node accepted at start is one the watcher can use.
/// Whoever loads it owns its certificates and disposes it (the watcher when it stops).
/// </summary>
public sealed class DockerTlsMaterial : IDisposable
{
    /// <summary>What a daemon's certificate must be for, as Go's crypto/tls (Docker's and Traefik's client) requires.</summary>
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>RFC 5280's anyExtendedKeyUsage: a certificate good for every purpose, serverAuth among them.</summary>
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    private DockerTlsMaterial(X509Certificate2? clientCertificate, X509Certificate2Collection? trustedCas, bool insecureSkipVerify)
    {
        ClientCertificate = clientCertificate;
        TrustedCas = trustedCas;
        InsecureSkipVerify = insecureSkipVerify;
    }

    public X509Certificate2? ClientCertificate { get; }

    public X509Certificate2Collection? TrustedCas { get; }

    public bool InsecureSkipVerify { get; }

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
                cas.ImportFromPem(CertificateFileReader.Read(caFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                DisposeAll(cas);
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
                client = X509Certificate2.CreateFromPem(CertificateFileReader.Read(certFile), CertificateFileReader.Read(keyFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                DisposeAll(cas);
                // CreateFromPem says "the key does not match the certificate" among its reasons: name both files.
                error = $"cannot read the client certificate {certFile} with its key {keyFile}: {e.Message}";
                return false;
            }

            if (!client.HasPrivateKey)
            {
                client.Dispose();
                DisposeAll(cas);
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
            ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (Refusal(certificate, chain, errors) is { } refusal)
                {
                    refusals.Record(refusal);
                    return false;
                }

                return true;
            },
        };

    /// <summary>Why the daemon's certificate is refused, or null when it is accepted.</summary>
    /// <param name="certificate">The daemon's certificate.</param>
    /// <param name="presented">The chain the handshake built, holding the intermediates the daemon sent.</param>
    /// <param name="errors">What the handshake's own check found.</param>
    public string? Refusal(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
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

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        // Checked before trust, so that a client's certificate of the right CA is named for what it is. A certificate
        // without the extension is good for any use, as in Go.
        if (!IsForServerAuthentication(server))
        {
            return $"the daemon's certificate ({server.Subject}, issued by {server.Issuer}) is not for server authentication: "
                + "its extended key usage lacks serverAuth (1.3.6.1.5.5.7.3.1), as a client's certificate does";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (TrustedCas is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(TrustedCas);
        }

        // No application policy: .NET's would refuse anyExtendedKeyUsage, which Go accepts; the chain's usages
        // are checked below as Go checks them. The intermediates the daemon sent only help build the chain; the
        // configured CAs (or the system's roots) stay the only roots.
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!chain.Build(server))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return TrustedCas is null
                ? $"the daemon's certificate ({server.Subject}, issued by {server.Issuer}) is not trusted by the system's roots: {status}"
                : $"the daemon's certificate ({server.Subject}, issued by {server.Issuer}) is not signed by the configured CA: {status}";
        }

        // A CA whose extended key usage excludes serverAuth may not vouch for a server, as in Go.
        return chain.ChainElements.Skip(1).Select(e => e.Certificate).FirstOrDefault(ca => !IsForServerAuthentication(ca)) is { } narrow
            ? $"the daemon's certificate ({server.Subject}) is issued through {narrow.Subject}, whose extended key usage lacks serverAuth (1.3.6.1.5.5.7.3.1)"
            : null;
    }

    public void Dispose()
    {
        ClientCertificate?.Dispose();
        DisposeAll(TrustedCas);
    }

    /// <summary>
    /// No extended key usage means any usage (RFC 5280, and Go's crypto/x509); otherwise serverAuth or
    /// anyExtendedKeyUsage must be listed, which Go (the docker CLI's client) accepts alike.
    /// </summary>
    private static bool IsForServerAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuthentication.Value || o.Value == AnyExtendedKeyUsage);

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }
}
