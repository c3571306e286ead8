using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// One <c>tls.options</c> entry made ready for handshakes once, when the configuration changes: its
/// protocols, cipher suites, ALPN list and client CAs (read from their files here, never during a handshake).
/// </summary>
internal sealed class HandshakeProfile
{
    // Go (and so Traefik) applies cipherSuites to TLS 1.2 and below only; TLS 1.3 keeps its own suites.
    private static readonly TlsCipherSuite[] Tls13Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    private readonly CipherSuitesPolicy? _ciphers;
    private readonly List<SslApplicationProtocol> _alpn;
    private readonly X509Certificate2Collection _clientCas;
    private readonly RemoteCertificateValidationCallback? _validate;

    private HandshakeProfile(string name, TlsHandshakeSettings settings, X509Certificate2Collection clientCas, string? problem)
    {
        Name = name;
        Settings = settings;
        Problem = problem;
        _clientCas = clientCas;
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
    }

    /// <summary>The options' qualified name (<c>modern@file</c>), or <c>default</c>.</summary>
    public string Name { get; }

    public TlsHandshakeSettings Settings { get; }

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
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // HTTP/2 forbids renegotiation (RFC 7540, 9.2.1); HTTP/1.1 has no use for it here.
        AllowRenegotiation = false,
    };

    /// <summary>Traefik's clientAuthType, over what .NET hands the callback (a null certificate when the client sent none).</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Settings.ClientAuthType switch
        {
            "RequestClientCert" => true,
            "RequireAnyClientCert" => certificate is not null,
            "VerifyClientCertIfGiven" => certificate is null || Verified(certificate, chain),
            "RequireAndVerifyClientCert" => certificate is not null && Verified(certificate, chain),
            _ => false,
        };

    /// <summary>Chains to one of the client CAs, and to nothing else (not the system's roots), as Go's ClientCAs.</summary>
    private bool Verified(X509Certificate certificate, X509Chain? sent)
    {
        if (_clientCas.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
