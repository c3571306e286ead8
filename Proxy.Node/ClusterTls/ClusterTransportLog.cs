using Microsoft.Extensions.Logging;

namespace Proxy.Node.ClusterTls;

/// <summary>What the node says at start about its cluster transport's protection.</summary>
internal static partial class ClusterTransportLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster transport listens on {Hostname} without TLS (--cluster.insecure=true): anyone who reaches its port can join the cluster and rewrite every node's routes. Set up mutual TLS with `proxy-node cluster tls init|issue` (docs/cluster.md#mutual-tls)")]
    public static partial void Insecure(ILogger logger, string hostname);
}
