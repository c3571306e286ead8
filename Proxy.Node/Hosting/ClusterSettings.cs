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

    /// <summary>The <c>dns:&lt;name&gt;:&lt;port&gt;</c> seed the cluster forms through, instead of <see cref="Seeds"/>; null for none.</summary>
    public DnsSeed? DnsSeed { get; init; }

    /// <summary>The DNS server <see cref="DnsSeed"/> is looked up at; null for the system's (/etc/resolv.conf).</summary>
    public System.Net.IPEndPoint? DnsServer { get; init; }

    /// <summary>How long a DNS seed's addresses must stay the same before the lowest forms the cluster.</summary>
    public TimeSpan StableMargin { get; init; } = Proxy.Actors.Cluster.Formation.FormationSettings.DefaultStableMargin;

    /// <summary>How many of a DNS seed's addresses, this node's included, must answer before a new cluster is formed.</summary>
    public int RequiredContactPoints { get; init; } = Proxy.Actors.Cluster.Formation.FormationSettings.DefaultRequiredContactPoints;

    /// <summary>Whether the node has seeds of either kind, i.e. it joins others rather than forming a cluster of one at once.</summary>
    public bool HasSeeds => !Seeds.IsDefaultOrEmpty || DnsSeed is not null;

    public static ClusterSettings Default { get; } = new("proxy", "127.0.0.1", 0, null, [], []);
}
