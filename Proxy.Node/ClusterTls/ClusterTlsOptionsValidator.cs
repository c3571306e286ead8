using Proxy.Actors.Model;
using Proxy.Node.Hosting;

namespace Proxy.Node.ClusterTls;

/// <summary>
/// The cluster TLS options: all three files or none, and files that load, so that a node never
/// starts with a transport its peers would refuse.
/// </summary>
internal static class ClusterTlsOptionsValidator
{
    private static readonly string[] Files = [StaticOptions.ClusterTlsCertFile, StaticOptions.ClusterTlsKeyFile, StaticOptions.ClusterTlsCaFile];

    public static IEnumerable<ConfigError> Validate(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var given = Files.Where(merged.ContainsKey).ToList();
        if (given.Count == 0)
        {
            if (Refusal(merged) is { } refusal)
            {
                yield return refusal;
            }

            yield break;
        }

        if (given.Count < Files.Length)
        {
            var first = merged[given[0]];
            var missing = Files.Except(given).Select(key => "--" + key);
            yield return new ConfigError(first.Origin.Description, given[0],
                $"cluster TLS needs all three of --cluster.tls.certfile, --cluster.tls.keyfile and --cluster.tls.cafile; "
                + $"{first.Origin.Named} is given but {string.Join(" and ", missing)} not (proxy-node cluster tls init|issue makes them)");
            yield break;
        }

        var settings = new ClusterTlsSettings(
            merged[StaticOptions.ClusterTlsCertFile].Value, merged[StaticOptions.ClusterTlsKeyFile].Value, merged[StaticOptions.ClusterTlsCaFile].Value);
        if (!ClusterTlsMaterial.TryLoad(settings, TimeProvider.System.GetUtcNow(), out var material, out var error))
        {
            var origin = merged[StaticOptions.ClusterTlsCertFile].Origin;
            yield return new ConfigError(origin.Description, StaticOptions.ClusterTlsCertFile, error!);
            yield break;
        }

        material!.Certificate.Dispose();
    }

    /// <summary>Secure by default: plain TCP only on loopback, or when the operator says so in as many words.</summary>
    private static ConfigError? Refusal(IReadOnlyDictionary<string, ConfigValue> merged)
    {
        var hostname = merged[StaticOptions.ClusterHostname];
        var insecure = merged.GetValueOrDefault(StaticOptions.ClusterInsecure) is { } flag && OptionValue.TryParseBool(flag.Value, out var on) && on;
        if (insecure || ClusterTransportSecurity.IsLoopbackHost(hostname.Value))
        {
            return null;
        }

        return new ConfigError(hostname.Origin.Description, StaticOptions.ClusterHostname,
            $"the cluster transport would listen on {hostname.Value} ({hostname.Origin.Named}), which is not loopback, without TLS: "
            + "anyone who reaches its port could join the cluster and rewrite every node's routes. Set it up in two commands: "
            + "`proxy-node cluster tls init <dir>` once, `proxy-node cluster tls issue <dir> <node-name>` per node, then start each node with "
            + "--cluster.tls.certfile=<dir>/<node-name>.crt --cluster.tls.keyfile=<dir>/<node-name>.key --cluster.tls.cafile=<dir>/ca.crt "
            + "(docs/cluster.md#mutual-tls); or accept the risk with --cluster.insecure=true");
    }
}
