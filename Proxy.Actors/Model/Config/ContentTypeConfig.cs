using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>contentType</c>: with <see cref="AutoDetect"/> a response the server sent without a
/// Content-Type gets one sniffed from its first bytes; without (the default, as in Traefik v3), it is left without.
/// </summary>
public sealed record ContentTypeConfig(bool? AutoDetect) : IMiddlewareConfig
{
    public static ContentTypeConfig Empty { get; } = new(AutoDetect: null);

    public static RecordSchema<ContentTypeConfig> Schema { get; } = new SchemaBuilder<ContentTypeConfig>(Empty)
        .Bool("autoDetect", c => c.AutoDetect, (c, v) => c with { AutoDetect = v }, @default: false)
        .Build();
}
