using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's ClientTLS: how the node speaks HTTPS to a server it asks (forwardAuth's auth server). <see cref="Ca"/>
/// replaces the node's trusted CAs with the ones in that PEM file; <see cref="Cert"/> and <see cref="Key"/> (both or
/// neither) are the client certificate the node shows a server that asks for one; <see cref="InsecureSkipVerify"/>
/// accepts any server certificate. The files are read and checked when the configuration is validated, and again
/// when a router's chain is built.
/// </summary>
public sealed record ClientTlsConfig(string? Ca, string? Cert, string? Key, bool? InsecureSkipVerify)
{
    public static ClientTlsConfig Empty { get; } = new(null, null, null, null);

    // Declared before Schema: static properties are set in the order they are written.
    private static ValueCheck<ClientTlsConfig> Files { get; } = config =>
    {
        var (material, problems) = ClientTlsFiles.Load(config);
        material?.Dispose();
        return problems;
    };

    public static RecordSchema<ClientTlsConfig> Schema { get; } = new SchemaBuilder<ClientTlsConfig>(Empty)
        .String("ca", c => c.Ca, (c, v) => c with { Ca = v })
        .String("cert", c => c.Cert, (c, v) => c with { Cert = v })
        .String("key", c => c.Key, (c, v) => c with { Key = v })
        .Bool("insecureSkipVerify", c => c.InsecureSkipVerify, (c, v) => c with { InsecureSkipVerify = v }, @default: false)
        .NotSupported("caOptional", "tls.caOptional is deprecated in Traefik and has no effect (a server decides whether it asks for a client certificate): remove it")
        .CheckWhole(Files)
        .Build();
}
