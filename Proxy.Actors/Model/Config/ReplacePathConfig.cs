using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Traefik's replacePath: the server receives <see cref="Path"/> (as written, percent-encoding included); the old path goes to X-Replaced-Path.</summary>
public sealed record ReplacePathConfig(string? Path) : IMiddlewareConfig
{
    public static ReplacePathConfig Empty { get; } = new(Path: null);

    public static RecordSchema<ReplacePathConfig> Schema { get; } = new SchemaBuilder<ReplacePathConfig>(Empty)
        .String("path", c => c.Path, (c, v) => c with { Path = v }, required: "is required", check: Checks.StartsWithSlash)
        .Build();
}
