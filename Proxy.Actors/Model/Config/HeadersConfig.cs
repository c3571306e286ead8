using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's <c>headers</c>: custom request and response headers (as in Traefik, an empty value removes the
/// header instead of setting it), CORS (<see cref="Cors"/>) and security headers (<see cref="Security"/>). All
/// options are written at one level, as Traefik's; the two parts are records of their own only to keep each
/// concern's declaration small, and are checked here as a whole, since a part's fields carry no checks of their own.
/// </summary>
public sealed record HeadersConfig(
    ImmutableSortedDictionary<string, string> CustomRequestHeaders,
    ImmutableSortedDictionary<string, string> CustomResponseHeaders,
    CorsHeadersConfig Cors,
    SecurityHeadersConfig Security) : IMiddlewareConfig
{
    public HeadersConfig(ImmutableSortedDictionary<string, string> customRequestHeaders, ImmutableSortedDictionary<string, string> customResponseHeaders)
        : this(customRequestHeaders, customResponseHeaders, CorsHeadersConfig.Empty, SecurityHeadersConfig.Empty)
    {
    }

    // Declared before Schema: static properties are set in the order they are written.
    private static ValueCheck<HeadersConfig> Parts { get; } = config =>
        SchemaValidation.Check(CorsHeadersConfig.Schema, config.Cors)
            .Concat(SchemaValidation.Check(SecurityHeadersConfig.Schema, config.Security));

    public static HeadersConfig Empty { get; } = new(
        ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, string>.Empty);

    public static RecordSchema<HeadersConfig> Schema { get; } = new SchemaBuilder<HeadersConfig>(Empty)
        .StringMap("customRequestHeaders", c => c.CustomRequestHeaders, (c, v) => c with { CustomRequestHeaders = v }, check: Checks.HeaderNames)
        .StringMap("customResponseHeaders", c => c.CustomResponseHeaders, (c, v) => c with { CustomResponseHeaders = v }, check: Checks.HeaderNames)
        .FieldsOf(CorsHeadersConfig.Schema, c => c.Cors, (c, v) => c with { Cors = v }, CorsHeadersConfig.Names)
        .FieldsOf(SecurityHeadersConfig.Schema, c => c.Security, (c, v) => c with { Security = v }, SecurityHeadersConfig.Names)
        .CheckWhole(Parts)
        .Build();
}
