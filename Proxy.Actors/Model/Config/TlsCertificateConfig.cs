using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>One <c>tls.certificates</c> item: a PEM certificate (chain) and its key, and the stores that hold it.</summary>
public sealed record TlsCertificateConfig(string? CertFile, string? KeyFile, ImmutableArray<string> Stores)
{
    public static TlsCertificateConfig Empty { get; } = new(null, null, []);

    public static RecordSchema<TlsCertificateConfig> Schema { get; } = new SchemaBuilder<TlsCertificateConfig>(Empty)
        .String("certFile", c => c.CertFile, (c, v) => c with { CertFile = v }, required: "is required", check: TlsNames.NotBlank)
        .String("keyFile", c => c.KeyFile, (c, v) => c with { KeyFile = v }, required: "is required", check: TlsNames.NotBlank)
        .StringList("stores", c => c.Stores, (c, v) => c with { Stores = v })
        .Build();
}
