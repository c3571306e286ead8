using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>A store's <c>defaultCertificate</c>: a PEM certificate (chain) and its key.</summary>
public sealed record TlsCertificateFilesConfig(string? CertFile, string? KeyFile)
{
    public static TlsCertificateFilesConfig Empty { get; } = new(null, null);

    public static RecordSchema<TlsCertificateFilesConfig> Schema { get; } = new SchemaBuilder<TlsCertificateFilesConfig>(Empty)
        .String("certFile", c => c.CertFile, (c, v) => c with { CertFile = v }, required: "is required", check: TlsNames.NotBlank)
        .String("keyFile", c => c.KeyFile, (c, v) => c with { KeyFile = v }, required: "is required", check: TlsNames.NotBlank)
        .Build();
}
