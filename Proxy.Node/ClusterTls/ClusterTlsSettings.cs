namespace Proxy.Node.ClusterTls;

/// <summary>The files of mutual TLS on the cluster transport, as given (<c>--cluster.tls.*</c>).</summary>
public sealed record ClusterTlsSettings(string CertFile, string KeyFile, string CaFile);
