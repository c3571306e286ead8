using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// The CORS part of Traefik's <c>headers</c>, written at the headers' level (<c>headers.accessControlMaxAge</c>):
/// a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the node with these, and
/// other responses get the allowed origin, credentials and exposed headers.
/// </summary>
public sealed record CorsHeadersConfig(
    bool? AccessControlAllowCredentials,
    ImmutableArray<string> AccessControlAllowHeaders,
    ImmutableArray<string> AccessControlAllowMethods,
    ImmutableArray<string> AccessControlAllowOriginList,
    ImmutableArray<string> AccessControlAllowOriginListRegex,
    ImmutableArray<string> AccessControlExposeHeaders,
    long? AccessControlMaxAge,
    bool? AddVaryHeader)
{
    // Declared before Schema: static properties are set in the order they are written.
    // As every regex option: Go's syntax as Traefik reads it, in linear time (LinearRegex).
    private static ValueCheck<string> Pattern { get; } = value =>
        LinearRegex.TryCreate(value, out _, out var problem) ? [] : [FieldProblem.Of(problem)];

    private static ValueCheck<string> HeaderValue { get; } = value =>
        value.Any(c => c is '\r' or '\n') ? [FieldProblem.Of("a header value must not contain line breaks")] : [];

    // Empty lists rather than default ones: the wire carries no difference between the two, and none of these has a default.
    public static CorsHeadersConfig Empty { get; } = new(null, [], [], [], [], [], null, null);

    public static RecordSchema<CorsHeadersConfig> Schema { get; } = new SchemaBuilder<CorsHeadersConfig>(Empty)
        .Bool("accessControlAllowCredentials", c => c.AccessControlAllowCredentials, (c, v) => c with { AccessControlAllowCredentials = v }, @default: false)
        .StringList("accessControlAllowHeaders", c => c.AccessControlAllowHeaders, (c, v) => c with { AccessControlAllowHeaders = v }, check: Checks.EachItem(HeaderValue))
        .StringList("accessControlAllowMethods", c => c.AccessControlAllowMethods, (c, v) => c with { AccessControlAllowMethods = v }, check: Checks.EachItem(Checks.HttpMethod))
        .StringList("accessControlAllowOriginList", c => c.AccessControlAllowOriginList, (c, v) => c with { AccessControlAllowOriginList = v }, check: Checks.EachItem(HeaderValue))
        .StringList("accessControlAllowOriginListRegex", c => c.AccessControlAllowOriginListRegex, (c, v) => c with { AccessControlAllowOriginListRegex = v }, check: Checks.EachItem(Pattern))
        .StringList("accessControlExposeHeaders", c => c.AccessControlExposeHeaders, (c, v) => c with { AccessControlExposeHeaders = v }, check: Checks.EachItem(HeaderValue))
        .Long("accessControlMaxAge", c => c.AccessControlMaxAge, (c, v) => c with { AccessControlMaxAge = v }, check: Checks.NotNegativeLong, @default: 0)
        .Bool("addVaryHeader", c => c.AddVaryHeader, (c, v) => c with { AddVaryHeader = v }, @default: false)
        .Build();

    /// <summary>Whether any CORS option is given: only then does the middleware answer preflights.</summary>
    public bool Any =>
        AccessControlAllowCredentials == true
        || !AccessControlAllowHeaders.IsDefaultOrEmpty
        || !AccessControlAllowMethods.IsDefaultOrEmpty
        || !AccessControlAllowOriginList.IsDefaultOrEmpty
        || !AccessControlAllowOriginListRegex.IsDefaultOrEmpty
        || !AccessControlExposeHeaders.IsDefaultOrEmpty
        || AccessControlMaxAge is > 0
        || AddVaryHeader == true;

    /// <summary>The fields' names, for the headers record that writes them at its level.</summary>
    internal static string[] Names => [.. Schema.UserFields.Select(f => f.Name)];
}
