using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Tls;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>http.serversTransports.&lt;name&gt;</c>: how the node connects to the servers of the services that
/// name it. <see cref="RootCAs"/> replaces the node's trusted CAs; <see cref="Certificates"/> are client certificates
/// shown to a server that asks (mTLS); <see cref="ServerName"/> is the SNI sent and the name the server's certificate
/// must carry; <see cref="PeerCertUri"/> is a URI the certificate must carry instead of the name. The files are read
/// and checked when the configuration is validated. Declared by the file provider only: a label naming files would
/// let whoever starts a container make the node present its client keys to any server (docs/security.md).
/// </summary>
public sealed record ServersTransportConfig(
    string? ServerName,
    bool? InsecureSkipVerify,
    ImmutableArray<string> RootCAs,
    ImmutableArray<TlsCertificateFilesConfig> Certificates,
    int? MaxIdleConnsPerHost,
    ForwardingTimeoutsConfig? ForwardingTimeouts,
    bool? DisableHttp2,
    string? PeerCertUri)
{
    public static ServersTransportConfig Empty { get; } = new(null, null, [], [], null, null, null, null);

    // Declared before Schema: static properties are set in the order they are written.
    private static ValueCheck<ServersTransportConfig> Whole { get; } = config =>
    {
        var (material, problems) = ServersTransportFiles.Load(config);
        material?.Dispose();
        return config.InsecureSkipVerify == true && config.PeerCertUri is not null
            ? [.. problems, new FieldProblem("peerCertURI", "cannot be checked with insecureSkipVerify: true, which skips every check of the server's certificate: drop one of them")]
            : problems;
    };

    private static ValueCheck<string> AbsoluteUri { get; } = value =>
        Uri.TryCreate(value, UriKind.Absolute, out _) ? [] : [FieldProblem.Of($"'{value}' is not an absolute URI (e.g. spiffe://example.org/backend)")];

    public static RecordSchema<ServersTransportConfig> Schema { get; } = new SchemaBuilder<ServersTransportConfig>(Empty)
        .String("serverName", c => c.ServerName, (c, v) => c with { ServerName = v })
        .Bool("insecureSkipVerify", c => c.InsecureSkipVerify, (c, v) => c with { InsecureSkipVerify = v }, @default: false)
        .StringList("rootCAs", c => c.RootCAs, (c, v) => c with { RootCAs = v })
        .ObjectList("certificates", c => c.Certificates, (c, v) => c with { Certificates = v }, TlsCertificateFilesConfig.Schema)
        .Int("maxIdleConnsPerHost", c => c.MaxIdleConnsPerHost, (c, v) => c with { MaxIdleConnsPerHost = v }, @default: 2)
        .Object("forwardingTimeouts", c => c.ForwardingTimeouts, (c, v) => c with { ForwardingTimeouts = v }, ForwardingTimeoutsConfig.Schema, nothingMeansEmpty: true)
        .Bool("disableHTTP2", c => c.DisableHttp2, (c, v) => c with { DisableHttp2 = v }, @default: false)
        .String("peerCertURI", c => c.PeerCertUri, (c, v) => c with { PeerCertUri = v }, check: AbsoluteUri)
        .NotSupported("spiffe", "serversTransport.spiffe is not supported (no SPIFFE workload API here): use rootCAs and peerCertURI")
        .CheckWhole(Whole)
        .Build();
}
