using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A service as written by a provider: exactly one of a load balancer over servers, or one of Traefik's services
/// over services (weighted, mirroring, failover), which name other services.
/// </summary>
public sealed record ServiceConfig(LoadBalancerConfig? LoadBalancer)
{
    public static ServiceConfig Empty { get; } = new(LoadBalancer: null);

    public WeightedConfig? Weighted { get; init; }

    public MirroringConfig? Mirroring { get; init; }

    public FailoverConfig? Failover { get; init; }

    /// <summary>Traefik v3.7's service middlewares: run after the router's, on every router that uses the service.</summary>
    public ImmutableArray<string> Middlewares { get; init; } = [];

    /// <summary>Whether this is a service over services rather than over servers.</summary>
    public bool IsComposite => LoadBalancer is null && (Weighted is not null || Mirroring is not null || Failover is not null);

    public static RecordSchema<ServiceConfig> Schema { get; } = new SchemaBuilder<ServiceConfig>(Empty)
        .Object("loadBalancer", c => c.LoadBalancer, (c, v) => c with { LoadBalancer = v }, LoadBalancerConfig.Schema)
        .Object("weighted", c => c.Weighted, (c, v) => c with { Weighted = v }, WeightedConfig.Schema)
        .Object("mirroring", c => c.Mirroring, (c, v) => c with { Mirroring = v }, MirroringConfig.Schema)
        .Object("failover", c => c.Failover, (c, v) => c with { Failover = v }, FailoverConfig.Schema)
        .StringList("middlewares", c => c.Middlewares, (c, v) => c with { Middlewares = v })
        .RequireOneOf("a service needs one of loadBalancer, weighted, mirroring or failover", "loadBalancer", "weighted", "mirroring", "failover")
        .CheckWhole(OneKind)
        .Build();

    /// <summary>Traefik refuses a service of two kinds: which of them would answer is anybody's guess.</summary>
    private static IEnumerable<FieldProblem> OneKind(ServiceConfig config)
    {
        string?[] given =
        [
            config.LoadBalancer is null ? null : "loadBalancer",
            config.Weighted is null ? null : "weighted",
            config.Mirroring is null ? null : "mirroring",
            config.Failover is null ? null : "failover",
        ];
        var kinds = given.OfType<string>().ToList();
        // The decoder says so already for what providers read; this is for a record built by hand.
        if (kinds.Count == 0)
        {
            return [new FieldProblem("", "a service needs one of loadBalancer, weighted, mirroring or failover")];
        }

        return kinds.Count > 1
            ? [new FieldProblem(kinds[1], $"a service is of one kind, this one gives {string.Join(" and ", kinds)}: declare two services")]
            : [];
    }
}
