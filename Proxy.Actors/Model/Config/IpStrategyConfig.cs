using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>ipStrategy</c>: which address of X-Forwarded-For a middleware takes for the client's
/// (ipAllowList, and the sourceCriterion of rateLimit and inFlightReq). <see cref="Depth"/> counts from
/// the right and wins over <see cref="ExcludedIPs"/>, the right-most address outside those ranges; with
/// neither, the connection's peer (as Traefik's remote-address strategy).
/// <see cref="Ipv6Subnet"/> widens an IPv6 client to its subnet, so one host cannot pass as many.
/// </summary>
public sealed record IpStrategyConfig(int? Depth, ImmutableArray<string> ExcludedIPs, int? Ipv6Subnet)
{
    public static IpStrategyConfig Empty { get; } = new(null, [], null);

    public static RecordSchema<IpStrategyConfig> Schema { get; } = new SchemaBuilder<IpStrategyConfig>(Empty)
        .Int("depth", c => c.Depth, (c, v) => c with { Depth = v }, check: Checks.NotNegative)
        .StringList("excludedIPs", c => c.ExcludedIPs, (c, v) => c with { ExcludedIPs = v }, check: Checks.EachItem(Checks.NetworkRange))
        .Int("ipv6Subnet", c => c.Ipv6Subnet, (c, v) => c with { Ipv6Subnet = v }, check: Checks.Within(1, 128, "an IPv6 prefix length"))
        .Build();
}
