using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Custom headers. As in Traefik, an empty value removes the header instead of setting it.</summary>
public sealed record HeadersConfig(
    ImmutableSortedDictionary<string, string> CustomRequestHeaders,
    ImmutableSortedDictionary<string, string> CustomResponseHeaders) : IMiddlewareConfig
{
    public static HeadersConfig Empty { get; } = new(
        ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, string>.Empty);

    public static RecordSchema<HeadersConfig> Schema { get; } = new SchemaBuilder<HeadersConfig>(Empty)
        .StringMap("customRequestHeaders", c => c.CustomRequestHeaders, (c, v) => c with { CustomRequestHeaders = v }, check: Checks.HeaderNames)
        .StringMap("customResponseHeaders", c => c.CustomResponseHeaders, (c, v) => c with { CustomResponseHeaders = v }, check: Checks.HeaderNames)
        .Build();
}
