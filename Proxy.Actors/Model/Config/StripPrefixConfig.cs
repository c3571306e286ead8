using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Removes the first matching prefix from the path; the removed part goes to X-Forwarded-Prefix.</summary>
public sealed record StripPrefixConfig(ImmutableArray<string> Prefixes) : IMiddlewareConfig
{
    public static StripPrefixConfig Empty { get; } = new(ImmutableArray<string>.Empty);

    public static RecordSchema<StripPrefixConfig> Schema { get; } = new SchemaBuilder<StripPrefixConfig>(Empty)
        .StringList("prefixes", c => c.Prefixes, (c, v) => c with { Prefixes = v },
            check: Checks.All(Checks.NotEmpty("needs at least one prefix"), Checks.EachItem(Checks.StartsWithSlash)))
        .Build();
}
