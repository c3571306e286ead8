using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A <c>tls.options.&lt;name&gt;</c> entry: what a TLS handshake on a router using it allows. Names and
/// defaults as Traefik's (<c>VersionTLS12</c>, Go's cipher suite names).
/// </summary>
public sealed record TlsOptionsConfig(
    string? MinVersion,
    string? MaxVersion,
    ImmutableArray<string> CipherSuites,
    ImmutableArray<string> AlpnProtocols,
    bool? SniStrict,
    ClientAuthConfig? ClientAuth)
{
    /// <remarks><see cref="AlpnProtocols"/> is not given (default) rather than empty, so that its default fills in.</remarks>
    public static TlsOptionsConfig Empty { get; } = new(null, null, [], default, null, null);

    /// <remarks>
    /// A maximum version below the minimum is reported by <see cref="Configuration.Validation.TlsValidator"/>,
    /// which sees both fields.
    /// </remarks>
    public static RecordSchema<TlsOptionsConfig> Schema { get; } = new SchemaBuilder<TlsOptionsConfig>(Empty)
        .String("minVersion", c => c.MinVersion, (c, v) => c with { MinVersion = v }, check: TlsNames.VersionCheck, @default: TlsNames.DefaultMinVersion)
        .String("maxVersion", c => c.MaxVersion, (c, v) => c with { MaxVersion = v }, check: TlsNames.VersionCheck)
        .StringList("cipherSuites", c => c.CipherSuites, (c, v) => c with { CipherSuites = v }, check: Checks.EachItem(TlsNames.CipherSuiteCheck))
        .StringList(
            "alpnProtocols", c => c.AlpnProtocols, (c, v) => c with { AlpnProtocols = v },
            check: Checks.EachItem(TlsNames.NotBlank), @default: TlsNames.DefaultAlpnProtocols)
        .Bool("sniStrict", c => c.SniStrict, (c, v) => c with { SniStrict = v }, @default: false)
        .Object("clientAuth", c => c.ClientAuth, (c, v) => c with { ClientAuth = v }, ClientAuthConfig.Schema, nothingMeansEmpty: true)
        .NotSupported("curvePreferences", "'curvePreferences' is not supported (the platform's TLS library picks the curves)")
        .NotSupported("preferServerCipherSuites", "'preferServerCipherSuites' is not supported (ignored by Traefik since Go 1.17 too)")
        .NotSupported("disableSessionTickets", "'disableSessionTickets' is not supported")
        .Build();
}
