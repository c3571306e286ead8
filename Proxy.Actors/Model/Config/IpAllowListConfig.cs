using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>ipAllowList</c> (and its old name <c>ipWhiteList</c>): only clients in <see cref="SourceRange"/>
/// pass; the others get <see cref="RejectStatusCode"/>. Which address is the client's is the
/// <see cref="IpStrategy"/>'s choice, the entry point's when none is given.
/// </summary>
public sealed record IpAllowListConfig(ImmutableArray<string> SourceRange, IpStrategyConfig? IpStrategy, int? RejectStatusCode) : IMiddlewareConfig
{
    public const int DefaultRejectStatusCode = 403;

    public static IpAllowListConfig Empty { get; } = new([], null, null);

    public static RecordSchema<IpAllowListConfig> Schema { get; } = new SchemaBuilder<IpAllowListConfig>(Empty)
        .StringList("sourceRange", c => c.SourceRange, (c, v) => c with { SourceRange = v },
            check: Checks.All(
                Checks.NotEmpty("needs at least one IP address or CIDR range: an empty list would refuse every client"),
                Checks.EachItem(Checks.NetworkRange)))
        .Object("ipStrategy", c => c.IpStrategy, (c, v) => c with { IpStrategy = v }, IpStrategyConfig.Schema, nothingMeansEmpty: true)
        .Int("rejectStatusCode", c => c.RejectStatusCode, (c, v) => c with { RejectStatusCode = v },
            check: Checks.Within(200, 599, "an HTTP status code for a refused request"), @default: DefaultRejectStatusCode)
        .RequireOneOf("sourceRange is required: the IP addresses or CIDR ranges allowed", "sourceRange")
        .Build();
}
