using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// One <c>tls.options</c> entry made ready for handshakes once, when the configuration changes: its
/// protocols, cipher suites, ALPN list and client CAs (read from their files here, never during a handshake).
/// </summary>
public sealed class HandshakeProfile
{
    // Go (and so Traefik) applies cipherSuites to TLS 1.2 and below only; TLS 1.3 keeps its own suites.
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private static readonly TlsCipherSuite[] Tls13Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    private readonly CipherSuitesPolicy? _ciphers;
    private readonly List<SslApplicationProtocol> _alpn;
    private readonly RemoteCertificateValidationCallback? _validate;
    private readonly X509ChainPolicy? _clientChain;

    private HandshakeProfile(string name, TlsHandshakeSettings settings, X509Certificate2Collection clientCas, string? problem)
    {
        Name = name;
        Settings = settings;
        Problem = problem;
        _alpn = [.. settings.ApplicationProtocols];
        // The node runs on Linux (OpenSSL); Windows' SChannel takes no cipher suite list per connection.
        if (!settings.CipherSuites.IsEmpty && !OperatingSystem.IsWindows())
        {
            var suites = settings.CipherSuites.ToList();
            if ((settings.Protocols & SslProtocols.Tls13) != 0 && !suites.Intersect(Tls13Suites).Any())
            {
                suites.AddRange(Tls13Suites);
            }

            _ciphers = new CipherSuitesPolicy(suites);
        }

        _validate = settings.ClientAuthType == TlsNames.NoClientCert ? null : Validate;
        _clientChain = ClientChainPolicy(settings.ClientAuthType, clientCas);
        Applied = new HandshakeOptionsApplied(RouterTlsDefaults.IsDefault(name) ? TlsNames.DefaultOptions : name);
    }

    /// <summary>The options' qualified name (<c>modern@file</c>), or <c>default</c>.</summary>
    public string Name { get; }

    public TlsHandshakeSettings Settings { get; }

    /// <summary>The connection feature a handshake with these options records, one per profile.</summary>
    internal HandshakeOptionsApplied Applied { get; }

    /// <summary>Why no handshake can use these options (a client CA file did not load), or null.</summary>
    public string? Problem { get; }

    public static HandshakeProfile Default { get; } = From("default", TlsOptionsConfig.Empty, new CertificateFileReader());

    /// <summary>Reads the client CA files; one that fails leaves the options refusing every handshake, with <see cref="Problem"/> saying why.</summary>
    public static HandshakeProfile From(string name, TlsOptionsConfig options, ICertificateFileReader files)
    {
        var settings = TlsHandshakeSettings.From(options);
        var cas = new X509Certificate2Collection();
        string? problem = null;
        foreach (var file in settings.ClientCaFiles)
        {
            try
            {
                var before = cas.Count;
                cas.ImportFromPem(files.ReadText(file));
                if (cas.Count == before)
                {
                    problem = $"tls.options.{name}.clientAuth.caFiles: '{file}' holds no PEM certificate";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                problem = $"tls.options.{name}.clientAuth.caFiles: cannot read '{file}': {e.Message}";
            }
        }

        return new HandshakeProfile(name, settings, cas, problem);
    }

    /// <summary>What the handshake is told, serving <paramref name="certificate"/>.</summary>
    public SslServerAuthenticationOptions ServerOptions(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = Settings.Protocols,
        CipherSuitesPolicy = _ciphers,
        ApplicationProtocols = _alpn,
        ClientCertificateRequired = _validate is not null,
        RemoteCertificateValidationCallback = _validate,
        // SslStream builds the client's chain once with this policy and hands the callback what it found. A
        // copy per handshake: SslStream adds the certificates the client sent to the policy's extra store.
        CertificateChainPolicy = _clientChain?.Clone(),
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // HTTP/2 forbids renegotiation (RFC 7540, 9.2.1); HTTP/1.1 has no use for it here.
        AllowRenegotiation = false,
    };

    /// <summary>
    /// Go's client certificate checks as Traefik uses them: chains to one of the client CAs and nothing else
    /// (not the system's roots), valid for client authentication (a serverAuth-only certificate is refused),
    /// no download of missing intermediates, no revocation check (Traefik checks none either). Null when
    /// these options verify nothing, or verify against no CA (every certificate then fails).
    /// </summary>
    private static X509ChainPolicy? ClientChainPolicy(string clientAuthType, X509Certificate2Collection clientCas)
    {
        if (!TlsNames.VerifyingClientAuthTypes.Contains(clientAuthType) || clientCas.Count == 0)
        {
            return null;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(clientCas);
        policy.ApplicationPolicy.Add(new Oid(ClientAuthOid, ClientAuthOid));
        return policy;
    }

    /// <summary>
    /// Traefik's clientAuthType over what SslStream found: a null certificate (or RemoteCertificateNotAvailable)
    /// when the client sent none, chain errors when it does not chain to a client CA for clientAuth.
    /// </summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var given = certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0;
        // Verified only against the client CAs' policy: without one (no caFiles), nothing verifies.
        var verified = given && _clientChain is not null && errors == SslPolicyErrors.None;
        return Settings.ClientAuthType switch
        {
            "RequestClientCert" => true,
            "RequireAnyClientCert" => given,
            "VerifyClientCertIfGiven" => !given || verified,
            "RequireAndVerifyClientCert" => verified,
            _ => false,
        };
    }
}
