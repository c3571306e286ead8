using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Puts a prefix in front of the request path.</summary>
public sealed record AddPrefixConfig(string? Prefix) : IMiddlewareConfig
{
    public static AddPrefixConfig Empty { get; } = new(Prefix: null);

    public static RecordSchema<AddPrefixConfig> Schema { get; } = new SchemaBuilder<AddPrefixConfig>(Empty)
        .String("prefix", c => c.Prefix, (c, v) => c with { Prefix = v }, required: "is required", check: Checks.StartsWithSlash)
        .Build();
}
