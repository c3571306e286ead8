namespace Proxy.Discovery.Docker;

/// <summary>
/// How the provider talks TLS to one Docker endpoint, as Traefik's <c>providers.docker.tls</c>: PEM files of
/// the CA that signed the daemon's certificate and of the client certificate with its key. The files are read
/// when the endpoint's watcher starts: a renewed certificate takes a restart of the node, as in Traefik.
/// </summary>
/// <param name="CaFile">CA certificates the daemon's certificate must chain to; null trusts the system's roots.</param>
/// <param name="CertFile">Client certificate the daemon's <c>--tlsverify</c> asks for; null presents none.</param>
/// <param name="KeyFile">Private key of <paramref name="CertFile"/>.</param>
/// <param name="InsecureSkipVerify">Accept any daemon certificate: encrypted, but anyone in the middle can read it.</param>
public sealed record DockerTlsSettings(string? CaFile, string? CertFile, string? KeyFile, bool InsecureSkipVerify);
