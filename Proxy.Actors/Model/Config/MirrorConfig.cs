using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>One mirror of a mirroring service: a service that gets a copy of <see cref="Percent"/> % of the requests.</summary>
public sealed record MirrorConfig(string? Name, int? Percent)
{
    public static MirrorConfig Empty { get; } = new(null, null);

    public static RecordSchema<MirrorConfig> Schema { get; } = new SchemaBuilder<MirrorConfig>(Empty)
        .String("name", c => c.Name, (c, v) => c with { Name = v }, required: "is required")
        .Int("percent", c => c.Percent, (c, v) => c with { Percent = v }, check: Checks.Within(0, 100, "a percentage"), @default: 0)
        .Build();
}
