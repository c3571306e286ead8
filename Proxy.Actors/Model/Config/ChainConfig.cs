using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Traefik's chain: other middlewares, by name, run in the order listed wherever the chain is used.</summary>
public sealed record ChainConfig(ImmutableArray<string> Middlewares) : IMiddlewareConfig
{
    public static ChainConfig Empty { get; } = new(ImmutableArray<string>.Empty);

    public static RecordSchema<ChainConfig> Schema { get; } = new SchemaBuilder<ChainConfig>(Empty)
        .StringList("middlewares", c => c.Middlewares, (c, v) => c with { Middlewares = v },
            check: Checks.NotEmpty("needs at least one middleware"))
        .Build();
}
