using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's forwardAuth: every request is first asked of the auth server at <see cref="Address"/>; a 2xx answer
/// lets it go on (with the listed headers of that answer), any other answer goes to the client as written.
/// <see cref="Tls"/> is how an https address is spoken to; <see cref="HeaderField"/> names the answer's header
/// whose value the access log records as the client's user name.
/// </summary>
public sealed record ForwardAuthConfig(
    string? Address,
    bool? TrustForwardHeader,
    ImmutableArray<string> AuthResponseHeaders,
    string? AuthResponseHeadersRegex,
    ImmutableArray<string> AuthRequestHeaders,
    ImmutableArray<string> AddAuthCookiesToResponse,
    bool? ForwardBody,
    long? MaxBodySize,
    bool? PreserveLocationHeader,
    bool? PreserveRequestMethod,
    ClientTlsConfig? Tls,
    string? HeaderField) : IMiddlewareConfig
{
    public static ForwardAuthConfig Empty { get; } = new(null, null, [], null, [], [], null, null, null, null, null, null);

    public static RecordSchema<ForwardAuthConfig> Schema { get; } = new SchemaBuilder<ForwardAuthConfig>(Empty)
        .String("address", c => c.Address, (c, v) => c with { Address = v }, required: "is required (the auth server's URL)", check: AuthChecks.AuthAddress)
        .Bool("trustForwardHeader", c => c.TrustForwardHeader, (c, v) => c with { TrustForwardHeader = v }, @default: false)
        .StringList("authResponseHeaders", c => c.AuthResponseHeaders, (c, v) => c with { AuthResponseHeaders = v }, check: AuthChecks.HeaderNames)
        .String("authResponseHeadersRegex", c => c.AuthResponseHeadersRegex, (c, v) => c with { AuthResponseHeadersRegex = v }, check: Checks.Regex)
        .StringList("authRequestHeaders", c => c.AuthRequestHeaders, (c, v) => c with { AuthRequestHeaders = v }, check: AuthChecks.HeaderNames)
        .StringList("addAuthCookiesToResponse", c => c.AddAuthCookiesToResponse, (c, v) => c with { AddAuthCookiesToResponse = v }, check: AuthChecks.CookieNames)
        .Bool("forwardBody", c => c.ForwardBody, (c, v) => c with { ForwardBody = v }, @default: false)
        .Long("maxBodySize", c => c.MaxBodySize, (c, v) => c with { MaxBodySize = v }, check: AuthChecks.BodySize, @default: -1)
        .Bool("preserveLocationHeader", c => c.PreserveLocationHeader, (c, v) => c with { PreserveLocationHeader = v }, @default: false)
        .Bool("preserveRequestMethod", c => c.PreserveRequestMethod, (c, v) => c with { PreserveRequestMethod = v }, @default: false)
        .Object("tls", c => c.Tls, (c, v) => c with { Tls = v }, ClientTlsConfig.Schema, nothingMeansEmpty: true)
        .String("headerField", c => c.HeaderField, (c, v) => c with { HeaderField = v }, check: AuthChecks.HeaderName)
        .Build();
}
