using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// How the node takes part in the Akka cluster: the cluster's name (the actor system's, which
/// must match across nodes), where its transport listens and is reached, whom it joins, its roles,
/// and how long a removed node's servers keep serving.
/// </summary>
public sealed record ClusterSettings(
    string Name,
    string Hostname,
    int Port,
    string? PublicHostname,
    ImmutableArray<ListenAddress> Seeds,
    ImmutableArray<string> Roles)
{
    public TimeSpan RemovedGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mutual TLS on the cluster transport; null for plain TCP.</summary>
    public ClusterTls.ClusterTlsSettings? Tls { get; init; }

    /// <summary>The operator's <c>--cluster.insecure</c>: plain TCP accepted off loopback.</summary>
    public bool Insecure { get; init; }

    public static ClusterSettings Default { get; } = new("proxy", "127.0.0.1", 0, null, [], []);
}
