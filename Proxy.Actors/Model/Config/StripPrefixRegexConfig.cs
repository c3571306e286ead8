using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's stripPrefixRegex: the first regex whose first match starts the path has that match removed; the
/// removed part goes to X-Forwarded-Prefix.
/// </summary>
public sealed record StripPrefixRegexConfig(ImmutableArray<string> Regex) : IMiddlewareConfig
{
    public static StripPrefixRegexConfig Empty { get; } = new(ImmutableArray<string>.Empty);

    public static RecordSchema<StripPrefixRegexConfig> Schema { get; } = new SchemaBuilder<StripPrefixRegexConfig>(Empty)
        .StringList("regex", c => c.Regex, (c, v) => c with { Regex = v },
            check: Checks.All(Checks.NotEmpty("needs at least one regular expression"), Checks.EachItem(Checks.Regex)))
        .Build();
}
