using Microsoft.Extensions.Logging;

namespace Proxy.Node.Acme;

/// <summary>What the node says at start about the ACME state it shares.</summary>
internal static partial class AcmeStateLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "ACME resolver(s) {Resolvers} are configured and the cluster transport is {Transport}, not TLS: the ACME account keys and the certificates' private keys are replicated to every node in clear, readable by anyone who can see the cluster's traffic. Set up mutual TLS with `proxy-node cluster tls init|issue` (docs/cluster.md#mutual-tls, docs/acme.md)")]
    public static partial void KeysInClear(ILogger logger, string resolvers, string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACME state: resolver {Resolver} keeps its account and certificates in {Path} on this node")]
    public static partial void Storage(ILogger logger, string resolver, string path);
}
