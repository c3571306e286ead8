using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's replacePathRegex: when <see cref="Regex"/> matches the path as sent (percent-encoded), the server
/// receives what <see cref="Replacement"/> makes of it (<c>$1</c>, <c>${name}</c>); the old path goes to X-Replaced-Path.
/// </summary>
public sealed record ReplacePathRegexConfig(string? Regex, string? Replacement) : IMiddlewareConfig
{
    public static ReplacePathRegexConfig Empty { get; } = new(null, null);

    public static RecordSchema<ReplacePathRegexConfig> Schema { get; } = new SchemaBuilder<ReplacePathRegexConfig>(Empty)
        .String("regex", c => c.Regex, (c, v) => c with { Regex = v }, required: "is required (the regular expression the path must match)", check: Checks.Regex)
        .String("replacement", c => c.Replacement, (c, v) => c with { Replacement = v }, required: "is required (the new path, with $1 or ${name} for the regex's groups)")
        .Build();
}
