using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A router's <c>tls:</c>. Present (even empty: <c>tls: {}</c>, the label <c>tls=true</c>) makes the router
/// a TLS router, matching only TLS connections, as in Traefik.
/// </summary>
public sealed record RouterTlsConfig(string? CertResolver, ImmutableArray<TlsDomainConfig> Domains, string? Options)
{
    public static RouterTlsConfig Empty { get; } = new(null, [], null);

    /// <remarks>
    /// That <see cref="Options"/> names options that exist is checked by the config validator, which knows
    /// every provider's <c>tls.options</c>; that <see cref="CertResolver"/> exists by the node, which knows
    /// the static resolvers.
    /// </remarks>
    public static RecordSchema<RouterTlsConfig> Schema { get; } = new SchemaBuilder<RouterTlsConfig>(Empty)
        .String("certResolver", c => c.CertResolver, (c, v) => c with { CertResolver = v }, check: TlsNames.NotBlank)
        .ObjectList("domains", c => c.Domains, (c, v) => c with { Domains = v }, TlsDomainConfig.Schema)
        .String("options", c => c.Options, (c, v) => c with { Options = v }, check: TlsNames.NotBlank)
        .Build();
}
