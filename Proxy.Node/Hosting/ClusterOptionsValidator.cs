using System.Net;
using System.Text.RegularExpressions;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>What the option kinds cannot say about the cluster options: port range and the name Akka accepts.</summary>
internal static partial class ClusterOptionsValidator
{
    // Akka's rule for an actor system name, which the cluster name becomes.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SystemName();

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged, HostNetwork host)
    {
        if (merged.GetValueOrDefault(StaticOptions.ClusterPort) is { } port
            && OptionValue.TryParseInt(port.Value, out var number) && number is < 0 or > 65535)
        {
            yield return new ConfigError(port.Origin.Description, StaticOptions.ClusterPort,
                $"invalid value \"{port.Value}\" for {port.Origin.Named}: expected a port from 0 (any free one) to 65535");
        }

        // Leave and down are operations on the whole cluster: a listener of their own off loopback
        // only with a token. (On a public API address without a token they are simply not served.)
        if (merged.GetValueOrDefault(StaticOptions.ManagementAddress) is { } management
            && ListenAddress.TryParse(management.Value, out var address) && !address.IsLoopback
            && !merged.ContainsKey(StaticOptions.ManagementToken))
        {
            yield return new ConfigError(management.Origin.Description, StaticOptions.ManagementToken,
                $"the cluster API would listen on {management.Value} ({management.Origin.Named}), which is not loopback: "
                + "set --management.token so that only callers with the token can make members leave or down them");
        }

        foreach (var error in DnsSeedErrors(merged, host))
        {
            yield return error;
        }

        foreach (var error in ClusterTls.ClusterTlsOptionsValidator.Validate(merged))
        {
            yield return error;
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterName) is { } name && !SystemName().IsMatch(name.Value))
        {
            yield return new ConfigError(name.Origin.Description, StaticOptions.ClusterName,
                $"invalid value \"{name.Value}\" for {name.Origin.Named}: expected letters, digits, '_' and '-', starting with a letter or digit");
        }
    }

    /// <summary>
    /// A dns: seed stands alone: mixed with host:port seeds, two rules would decide who forms the cluster
    /// (Akka's first seed and the lowest address), and two clusters could form. The DNS options mean
    /// nothing without it, so giving them is a mistake worth saying.
    /// </summary>
    private static IEnumerable<ConfigError> DnsSeedErrors(IReadOnlyDictionary<string, ConfigValue> merged, HostNetwork host)
    {
        var seeds = merged.GetValueOrDefault(StaticOptions.ClusterSeeds);
        var items = seeds is null ? [] : OptionList.Split(seeds.Value);
        var named = items.Count(DnsSeed.IsDnsSeed);
        if (seeds is not null && named > 0 && items.Length > 1)
        {
            yield return new ConfigError(seeds.Origin.Description, StaticOptions.ClusterSeeds,
                $"invalid value \"{seeds.Value}\" for {seeds.Origin.Named}: a dns:<name>:<port> seed must be the only seed "
                + "(its records name every node); give either one dns: seed or host:port seeds");
        }

        // Checked here rather than when the node starts: a node that cannot look its seed up anywhere is a
        // configuration error (exit 2), not a node that waits forever.
        if (seeds is not null && named > 0 && !merged.ContainsKey(StaticOptions.ClusterDnsServer) && host.NameServers().Count == 0)
        {
            yield return new ConfigError(seeds.Origin.Description, StaticOptions.ClusterDnsServer, DnsContactPointResolver.NoSystemServer);
        }

        if (seeds is not null && items.Length == 1 && DnsSeed.TryParse(items[0], out var seed))
        {
            foreach (var error in SelfRecognitionErrors(merged, seed, host))
            {
                yield return error;
            }
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterDnsServer) is { } server)
        {
            if (!DnsServerAddress.TryParse(server.Value, out _))
            {
                yield return new ConfigError(server.Origin.Description, StaticOptions.ClusterDnsServer,
                    $"invalid value \"{server.Value}\" for {server.Origin.Named}: expected {DnsServerAddress.Accepted}");
            }
            else if (named == 0)
            {
                yield return new ConfigError(server.Origin.Description, StaticOptions.ClusterDnsServer,
                    $"{server.Origin.Named} is given but --cluster.seeds has no dns:<name>:<port> seed to look up");
            }
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterBootstrapStableMargin) is { } margin
            && margin.Origin.Kind != ConfigSourceKind.Default)
        {
            if (Duration.TryParse(margin.Value, out var time) && time <= TimeSpan.Zero)
            {
                yield return new ConfigError(margin.Origin.Description, StaticOptions.ClusterBootstrapStableMargin,
                    $"invalid value \"{margin.Value}\" for {margin.Origin.Named}: expected a duration above 0 (without a margin, nodes that see the addresses at different moments could each form a cluster)");
            }
            else if (named == 0)
            {
                yield return new ConfigError(margin.Origin.Description, StaticOptions.ClusterBootstrapStableMargin,
                    $"{margin.Origin.Named} is given but --cluster.seeds has no dns:<name>:<port> seed to form the cluster through");
            }
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterBootstrapRequiredContactPoints) is { } required
            && required.Origin.Kind != ConfigSourceKind.Default)
        {
            if (OptionValue.TryParseInt(required.Value, out var count) && count < 1)
            {
                yield return new ConfigError(required.Origin.Description, StaticOptions.ClusterBootstrapRequiredContactPoints,
                    $"invalid value \"{required.Value}\" for {required.Origin.Named}: expected 1 or more (the node itself is one of the contact points)");
            }
            else if (named == 0)
            {
                yield return new ConfigError(required.Origin.Description, StaticOptions.ClusterBootstrapRequiredContactPoints,
                    $"{required.Origin.Named} is given but --cluster.seeds has no dns:<name>:<port> seed to form the cluster through");
            }
        }
    }

    /// <summary>
    /// A node forming through a dns: seed must find its own address and port among the records: a node that
    /// cannot would never form the cluster, and when it holds the lowest address no node would (every other
    /// one waits for the lowest). So its port is the seed's and it advertises an IP address, the one peers
    /// dial and the DNS gives.
    /// </summary>
    private static IEnumerable<ConfigError> SelfRecognitionErrors(IReadOnlyDictionary<string, ConfigValue> merged, DnsSeed seed, HostNetwork host)
    {
        var port = merged.GetValueOrDefault(StaticOptions.ClusterPort);
        if (port is not null && OptionValue.TryParseInt(port.Value, out var number) && number != seed.Port)
        {
            yield return new ConfigError(port.Origin.Description, StaticOptions.ClusterPort,
                $"the seed {seed} needs --cluster.port={seed.Port}, its port: {port.Origin.Named} is {port.Value}{(number == 0 ? " (any free port)" : "")}, "
                + "and a node finds itself among the seed's records, and is dialled by its peers, only on the seed's port");
        }

        if (merged.GetValueOrDefault(StaticOptions.ClusterPublicHostname) is { } published)
        {
            if (!IPAddress.TryParse(published.Value, out _) || AdvertisedHost.IsWildcard(published.Value))
            {
                yield return new ConfigError(published.Origin.Description, StaticOptions.ClusterPublicHostname,
                    $"{published.Origin.Named} is \"{published.Value}\", but the seed {seed} compares IP addresses: "
                    + "advertise this node's IP address, the one the name resolves to for it");
            }

            yield break;
        }

        var bound = merged.GetValueOrDefault(StaticOptions.ClusterHostname);
        if (bound is null)
        {
            yield break;
        }

        if (AdvertisedHost.IsWildcard(bound.Value))
        {
            var candidates = AdvertisedHost.Candidates(host.InterfaceAddresses());
            if (candidates.Count != 1)
            {
                yield return new ConfigError(bound.Origin.Description, StaticOptions.ClusterPublicHostname,
                    $"{bound.Origin.Named} is {bound.Value} and the seed {seed} needs the IP address this node advertises: "
                    + (candidates.Count == 0
                        ? "this host has no non-loopback IPv4 address to choose"
                        : $"this host has several non-loopback IPv4 addresses ({string.Join(", ", candidates)}) and cannot tell which one the name resolves to")
                    + "; set --cluster.publichostname to it");
            }
        }
        else if (!IPAddress.TryParse(bound.Value, out _))
        {
            yield return new ConfigError(bound.Origin.Description, StaticOptions.ClusterPublicHostname,
                $"{bound.Origin.Named} is the name \"{bound.Value}\", but the seed {seed} compares IP addresses: "
                + "set --cluster.publichostname to this node's IP address (the one the name resolves to for it), or bind --cluster.hostname to it");
        }
    }
}
