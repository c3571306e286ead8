using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tls;

/// <summary>
/// Published on the event stream by the configuration actor after each validated configuration: the
/// checked <c>tls</c> section and every router that asks for TLS, so the certificate store and the ACME
/// resolvers follow the configuration without knowing how it was merged.
/// </summary>
public sealed record TlsConfigurationChanged(ValidatedTls Tls, ImmutableArray<TlsRouterDemand> Routers)
{
    public static TlsConfigurationChanged Empty { get; } = new(ValidatedTls.Empty, []);
}

/// <summary>
/// One router served over TLS: its effective TLS settings (the entry point's <c>http.tls</c> defaults
/// applied), its entry points, and the host names its rule names in <c>Host(...)</c>, which are the
/// domains of its certificate when <c>tls.domains</c> is empty.
/// </summary>
public sealed record TlsRouterDemand(string Router, ImmutableArray<string> EntryPoints, RouterTlsConfig Tls, ImmutableArray<string> RuleHosts);
