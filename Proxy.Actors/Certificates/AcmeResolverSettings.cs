using System.Collections.Immutable;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates;

/// <summary>
/// One validated <c>certificatesResolvers.&lt;name&gt;.acme</c> block: which CA, which account, where the
/// state is kept, the certificate key type, the challenge and how long a certificate is expected to last.
/// HTTP-01 is used when <see cref="HttpChallengeEntryPoint"/> is set, else TLS-ALPN-01.
/// </summary>
public sealed record AcmeResolverSettings(
    string Name,
    string? Email,
    Uri CaServer,
    string Storage,
    AcmeKeyType KeyType,
    string? HttpChallengeEntryPoint,
    bool TlsChallenge,
    TimeSpan CertificatesDuration,
    ImmutableArray<string> CaCertificates)
{
    /// <summary>Let's Encrypt's production directory, Traefik's default.</summary>
    public static readonly Uri LetsEncryptProduction = new("https://acme-v02.api.letsencrypt.org/directory");

    public const string DefaultStorage = "acme.json";

    /// <summary>Traefik's default: 90 days, as Let's Encrypt issues.</summary>
    public static readonly TimeSpan DefaultCertificatesDuration = TimeSpan.FromHours(2160);

    /// <summary>The challenge an order answers: HTTP-01 when an entry point is named for it, else TLS-ALPN-01.</summary>
    public string ChallengeType => HttpChallengeEntryPoint is not null ? AcmeChallenge.Http01 : AcmeChallenge.TlsAlpn01;

    /// <summary>As Traefik: renew once less than a third of the expected lifetime is left.</summary>
    public TimeSpan RenewBefore => CertificatesDuration / 3;

    public AcmeResolverStorage StorageRecord => new(Name, Storage, CaServer);
}
