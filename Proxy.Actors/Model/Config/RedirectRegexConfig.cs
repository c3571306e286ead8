using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's redirectRegex: when <see cref="Regex"/> matches the request's URL (scheme://host[:port]/path?query),
/// the client is sent to the URL <see cref="Replacement"/> makes of it (<c>$1</c>, <c>${name}</c>).
/// </summary>
public sealed record RedirectRegexConfig(string? Regex, string? Replacement, bool? Permanent) : IMiddlewareConfig
{
    public static RedirectRegexConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<RedirectRegexConfig> Schema { get; } = new SchemaBuilder<RedirectRegexConfig>(Empty)
        .String("regex", c => c.Regex, (c, v) => c with { Regex = v }, required: "is required (the regular expression the request's URL must match)", check: Checks.Regex)
        .String("replacement", c => c.Replacement, (c, v) => c with { Replacement = v }, required: "is required (the URL to redirect to, with $1 or ${name} for the regex's groups)")
        .Bool("permanent", c => c.Permanent, (c, v) => c with { Permanent = v }, @default: false)
        .Build();
}
