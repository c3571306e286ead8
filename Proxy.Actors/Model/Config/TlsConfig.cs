using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's dynamic <c>tls:</c> section: certificate files, the stores that hold a default
/// certificate, and the named option sets routers refer to. Labels cannot write it (as in Traefik):
/// certificates and options come from the file provider.
/// </summary>
public sealed record TlsConfig(
    ImmutableArray<TlsCertificateConfig> Certificates,
    ImmutableSortedDictionary<string, TlsOptionsConfig> Options,
    ImmutableSortedDictionary<string, TlsStoreConfig> Stores)
{
    public static TlsConfig Empty { get; } = new(
        [],
        ImmutableSortedDictionary<string, TlsOptionsConfig>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, TlsStoreConfig>.Empty.WithComparers(StringComparer.Ordinal));

    public static RecordSchema<TlsConfig> Schema { get; } = new SchemaBuilder<TlsConfig>(Empty)
        .ObjectList("certificates", c => c.Certificates, (c, v) => c with { Certificates = v }, TlsCertificateConfig.Schema)
        .ObjectMap("options", c => c.Options, (c, v) => c with { Options = v }, TlsOptionsConfig.Schema, "TLS options")
        .ObjectMap("stores", c => c.Stores, (c, v) => c with { Stores = v }, TlsStoreConfig.Schema, "TLS store")
        .Build();
}
