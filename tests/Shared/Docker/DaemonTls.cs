namespace Proxy.Tests.Docker;

/// <summary>The TLS listener of a <see cref="ThrowawayDaemon"/>: dockerd's --tlscacert, --tlscert and --tlskey, and its port on 127.0.0.1.</summary>
internal sealed record DaemonTls(int Port, string CaFile, string CertFile, string KeyFile);
