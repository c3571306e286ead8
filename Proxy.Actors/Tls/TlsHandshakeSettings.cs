using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Authentication;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tls;

/// <summary>
/// What one <c>tls.options</c> entry asks of a handshake, in .NET's types: the listener copies these into
/// its <see cref="SslServerAuthenticationOptions"/>.
/// </summary>
/// <param name="CipherSuites">Empty: the platform's defaults (Traefik's too when none are given).</param>
public sealed record TlsHandshakeSettings(
    SslProtocols Protocols,
    ImmutableArray<TlsCipherSuite> CipherSuites,
    ImmutableArray<SslApplicationProtocol> ApplicationProtocols,
    bool SniStrict,
    string ClientAuthType,
    ImmutableArray<string> ClientCaFiles)
{
    /// <summary>The settings of checked options (defaults filled in by the validator); throws on a value the checks let through, which is a bug.</summary>
    public static TlsHandshakeSettings From(TlsOptionsConfig options)
    {
        var min = TlsNames.VersionRank(options.MinVersion ?? TlsNames.DefaultMinVersion);
        var max = options.MaxVersion is { } written ? TlsNames.VersionRank(written) : TlsNames.Versions.Length - 1;
        if (min < 0 || max < 0)
        {
            throw new InvalidOperationException($"unchecked TLS versions {options.MinVersion}..{options.MaxVersion}");
        }

        var protocols = SslProtocols.None;
        for (var rank = min; rank <= max; rank++)
        {
            protocols |= TlsNames.Protocol(TlsNames.Versions[rank])!.Value;
        }

        var alpn = options.AlpnProtocols.IsDefault ? TlsNames.DefaultAlpnProtocols : options.AlpnProtocols;
        return new TlsHandshakeSettings(
            protocols,
            [.. (options.CipherSuites.IsDefault ? [] : options.CipherSuites)
                .Select(name => TlsNames.CipherSuite(name) ?? throw new InvalidOperationException($"unchecked cipher suite {name}"))],
            [.. alpn.Select(Protocol)],
            options.SniStrict ?? false,
            options.ClientAuth?.ClientAuthType ?? TlsNames.NoClientCert,
            options.ClientAuth?.CaFiles is { IsDefault: false } cas ? cas : []);
    }

    private static SslApplicationProtocol Protocol(string name) => name switch
    {
        "h2" => SslApplicationProtocol.Http2,
        "http/1.1" => SslApplicationProtocol.Http11,
        "h3" => SslApplicationProtocol.Http3,
        _ => new SslApplicationProtocol(name),
    };
}
