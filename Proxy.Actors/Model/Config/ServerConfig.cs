using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// One server of a service. <see cref="Draining"/> lets a provider (Docker at the stop signal)
/// ask for no new requests while in-flight ones finish. <see cref="Source"/> says where the
/// provider found it (<c>docker:&lt;host&gt;/&lt;container&gt;</c>, <c>file:&lt;path&gt;</c>) so that an
/// operator can tell which Docker host a server came from; routing never reads it.
/// </summary>
public sealed record ServerConfig(string? Url, int? Weight, bool Draining = false, string? Source = null)
{
    public static ServerConfig Empty { get; } = new(null, null);

    /// <remarks>Two servers with one URL are reported by the service validator, which sees the whole list.</remarks>
    public static RecordSchema<ServerConfig> Schema { get; } = new SchemaBuilder<ServerConfig>(Empty)
        .String("url", c => c.Url, (c, v) => c with { Url = v }, required: "is required", check: Checks.ServerUrl)
        .Int("weight", c => c.Weight, (c, v) => c with { Weight = v }, check: Checks.NotNegative, @default: 1)
        .Internal<bool?>("draining", FieldKind.Bool, c => c.Draining, (c, v) => c with { Draining = v ?? false })
        .Internal("source", FieldKind.String, c => c.Source, (c, v) => c with { Source = v }, WireForm.SharedPrefix)
        .Build();
}
