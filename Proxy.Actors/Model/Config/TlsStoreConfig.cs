using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A <c>tls.stores.&lt;name&gt;</c> entry. Only <c>default</c> is used, as in Traefik; without a default
/// certificate the node serves a self-signed one it generates.
/// </summary>
public sealed record TlsStoreConfig(TlsCertificateFilesConfig? DefaultCertificate)
{
    public static TlsStoreConfig Empty { get; } = new(DefaultCertificate: null);

    public static RecordSchema<TlsStoreConfig> Schema { get; } = new SchemaBuilder<TlsStoreConfig>(Empty)
        .Object("defaultCertificate", c => c.DefaultCertificate, (c, v) => c with { DefaultCertificate = v }, TlsCertificateFilesConfig.Schema)
        .NotSupported("defaultGeneratedCert", "'defaultGeneratedCert' is not supported (ACME default certificates are not served yet)")
        .Build();
}
